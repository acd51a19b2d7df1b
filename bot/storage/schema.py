"""The whole schema the migrations own: mailhelp's tables plus Slack's OAuth tables."""

from __future__ import annotations

from sqlalchemy import MetaData

from bot.storage.tables import Base

INSTALLATIONS_TABLE = "slack_installations"
BOTS_TABLE = "slack_bots"
OAUTH_STATES_TABLE = "slack_oauth_states"


def full_metadata() -> MetaData:
    """mailhelp's models and the tables slack_sdk's SQLAlchemy stores read and write.

    Slack's tables are built by slack_sdk itself, so a change in its columns shows up as a
    difference against the migrations instead of as a failure during an install.
    """
    # Imported here: these modules pull in SQLAlchemy's asyncio support, which only the
    # OAuth mode and schema checks need.
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS_TABLE)
    SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS_TABLE)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, OAUTH_STATES_TABLE)
    return metadata
