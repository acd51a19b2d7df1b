"""Every sentence the Slack app says in its own name (answers themselves come from bot.render)."""

from __future__ import annotations

COMMAND = "/mailhelp"

# Button labels under an answer.
CHECKLIST_BUTTON = "IT checklist"
HELPED_BUTTON = "That helped"
NOT_HELPED_BUTTON = "Didn't help"
ESCALATE_BUTTON = "Talk to a person"

CLARIFY_QUESTION = "I'm not sure which problem this is. Which of these is closest?"
CLARIFY_FALLBACK = "Which of these topics is closest to your problem?"
UNRECOGNISED = (
    "I didn't recognise an email delivery problem in that. These are the topics I can help with:"
)
UNRECOGNISED_HINT = (
    f"Paste the bounce message or describe what happened, or try `{COMMAND} <topic>`."
)
ALREADY_ANSWERED = (
    "I've already answered this in this thread. If it didn't help, press "
    f"*{NOT_HELPED_BUTTON}* or *{ESCALATE_BUTTON}* under that answer."
)
PICKED_TOPIC = "<@{user}> picked *{title}*."
CORRECTED_TOPIC = "Thanks. Here is the answer for *{title}* instead."
CANNOT_READ_MESSAGE = "I couldn't read that message. Is mailhelp a member of this channel?"
CHOICE_EXPIRED = "That choice has expired. Ask me again and I'll answer afresh."

THANKS_HELPED = "Glad it helped, thanks for letting me know."
ASK_CORRECTION = "Sorry it missed. Which topic was it really? I'll answer that one instead."
CORRECTION_PLACEHOLDER = "Pick the right topic"
SOMETHING_ELSE = "Something else"
SOMETHING_ELSE_REPLY = (
    f"Thanks, noted. If you'd like a person to look at it, press *{ESCALATE_BUTTON}*."
)

ESCALATION_POSTED = "I've passed this on to the support team in {channel}. Someone will follow up."
ESCALATION_NOT_CONFIGURED = (
    "I couldn't pass this on: no escalation channel is set up for mailhelp. "
    "Please ask your support team directly, and ask a workspace admin to set "
    "MAILHELP_ESCALATION_CHANNEL."
)
ESCALATION_THREAD = (
    "{group}<@{user}> would like a person to help with *{title}*: <{link}|open the thread>"
)
ESCALATION_NO_THREAD = (
    "{group}<@{user}> would like a person to help with *{title}* "
    f"(asked with `{COMMAND}` in <#{{channel}}>)."
)
UNKNOWN_TOPIC_TITLE = "an email problem"

CHECKLIST_TITLE = "IT checklist"
CHECKLIST_SUBMIT = "Post checklist"
CHECKLIST_CANCEL = "Cancel"
CHECKLIST_INTRO = (
    "Check the details below; they go into a checklist your recipient's IT team can work "
    "through. Leave a field empty if you don't know it."
)
CHECKLIST_POSTED = (
    "<@{user}> prepared an IT checklist for *{title}*. Forward the file to the recipient's IT team."
)
CHECKLIST_DM_POSTED = (
    "Here is your IT checklist for *{title}*. Forward the file to the recipient's IT team."
)
CHECKLIST_FIELDS = {
    "topic": "Topic",
    "sender": "Sender address",
    "recipient": "Recipient address",
    "date": "Date and time sent (with time zone)",
    "subject": "Subject",
    "message_id": "Message-ID",
    "smtp_reply": "SMTP reply or bounce text",
}
NOT_AN_ADDRESS = "This doesn't look like an email address (name@example.com)."
CHECKLIST_NEEDS_TOPIC = "Pick the topic the checklist is about."

SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on my side and I couldn't finish that. Please try again in "
    "a minute; if it keeps failing, ask your support team."
)
BAD_BUTTON = "That button no longer works. Ask me again and I'll give you fresh ones."

WATCH_ON = (
    "I'm now watching <#{channel}>. I'll answer there without being mentioned, but only when "
    "I'm confident the message is about an email delivery problem."
)
WATCH_NEEDS_INVITE = (
    "I'll watch <#{channel}> as soon as I'm in it: invite me with `/invite @mailhelp`."
)
WATCH_OFF = "I've stopped watching <#{channel}>. Mention me there whenever you need me."
WATCH_NOT_HERE = "I can only watch public channels. Elsewhere, mention me or write to me directly."
WATCH_FAILED = "I couldn't change the watch setting just now. Please try again in a minute."

STATS_UNAVAILABLE = "Statistics are unavailable right now; the database isn't answering."
STATS_HEADING = "mailhelp over the last {days} days"
STATS_NONE = "No triages yet."
STATS_LINE = (
    "*{triages}* triages · *{unrecognised}* not recognised · *{helpful}* of rated answers "
    "helped · *{escalations}* passed to a person · *{checklists}* checklists"
)

HELP_INTRO = (
    "I help with email that bounced, was blocked, landed in spam or never arrived. Paste the "
    "bounce or describe what happened, and I'll explain it and prepare a checklist for the "
    "recipient's IT team."
)
HELP_USAGE = "\n".join(
    (
        "*How to ask*",
        "• Mention me in a thread: `@mailhelp our invoice to bob@example.com bounced`",
        "• Send me a direct message",
        "• React with {emoji} to any message to have me triage it",
        "• Use *Triage with mailhelp* from a message's ⋯ menu",
        f"• `{COMMAND} <what happened>` answers only you; `{COMMAND} share <what happened>` "
        "answers in the channel",
        f"• `{COMMAND} <topic>` goes straight to a topic, for example `{COMMAND} bounce`",
        f"• `{COMMAND} checklist [what happened]` opens the IT checklist form",
        f"• `{COMMAND} watch` / `{COMMAND} unwatch` lets me answer in this channel unprompted",
        f"• `{COMMAND} stats` shows how I've been doing",
    )
)
HELP_TOPICS = "*Topics*"
HOME_TITLE = "mailhelp"
