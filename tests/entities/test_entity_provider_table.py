"""The one providers table: mailbox providers, gateways and relays, their hosts and platforms."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.entities.provider_table import (
    ProviderTableError,
    company_host,
    load_providers,
    platform_of_host,
    platforms,
    provider_of_host,
)


@pytest.mark.parametrize(
    ("host", "platform", "name"),
    [
        ("contoso-com.mail.protection.outlook.com", "microsoft365", "Microsoft 365"),
        ("hotmail-com.olc.protection.outlook.com", "outlook_consumer", "Outlook.com"),
        ("smtp.google.com", "google_workspace", "Google Workspace"),
        ("alt1.aspmx.l.google.com.", "google_workspace", "Google Workspace"),
        ("aspmx2.googlemail.com", "google_workspace", "Google Workspace"),
        ("mx0a-001234.pphosted.com", "proofpoint", "Proofpoint"),
        ("eu-smtp-inbound-1.mimecast.com", "mimecast", "Mimecast"),
        ("inbound-smtp.eu-west-1.amazonaws.com", "amazon_ses", "Amazon SES"),
        ("mta7.am0.yahoodns.net", "yahoo", "Yahoo Mail"),
        ("mx01.mail.icloud.com", "icloud", "iCloud Mail"),
        ("mx.zoho.eu", "zoho", "Zoho Mail"),
    ],
)
def test_an_mx_host_names_its_platform(host: str, platform: str, name: str) -> None:
    found = platform_of_host(host)

    assert found is not None
    assert (found.id, found.name) == (platform, name)


def test_gmail_com_s_own_hosts_name_no_platform_but_are_google_s() -> None:
    assert platform_of_host("gmail-smtp-in.l.google.com") is None
    assert provider_of_host("gmail-smtp-in.l.google.com") == ("google", False)


def test_a_tenant_platform_points_to_its_mailbox_provider_and_a_gateway_to_none() -> None:
    assert platforms()["microsoft365"].mailbox_provider == "microsoft"
    assert platforms()["google_workspace"].mailbox_provider == "google"
    assert platforms()["outlook_consumer"].mailbox_provider is None
    assert platforms()["proofpoint"].mailbox_provider is None


def test_gateways_serve_companies_and_are_not_mailbox_providers() -> None:
    assert company_host("mx1.pphosted.com") is True
    assert provider_of_host("mx1.pphosted.com") is None
    assert company_host("inbound-smtp.us-east-1.amazonaws.com") is False
    assert company_host("mail.example.net") is None


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("name: X\nkind: firewall\nmx: [x.example]\nsource: https://x.example", "kind must be"),
        ("name: X\nmx: [x.example]\nsource: https://x.example", "consumer or company service"),
        ("name: X\nkind: gateway\nmx: [x.example]\nsource: http://x.example", "https://"),
        ("name: X\nkind: gateway\nsource: https://x.example", "missing mx"),
    ],
)
def test_a_bad_row_is_refused_naming_the_file_and_provider(
    tmp_path: Path, row: str, message: str
) -> None:
    path = tmp_path / "providers.yaml"
    path.write_text("broken:\n" + "".join(f"  {line}\n" for line in row.splitlines()))

    with pytest.raises(ProviderTableError, match=message) as caught:
        load_providers(path)
    assert f"{path}: broken" in str(caught.value)
