"""DKIM selectors that well-known sending services publish their keys under.

Tried when no selector is given. Services that make a random selector per customer (Amazon
SES Easy DKIM, Postmark) cannot be guessed, so the check asks for the selector instead.
"""

from __future__ import annotations

# selector -> the service that uses it; the source of each is the service's own setup guide.
COMMON_SELECTORS: dict[str, str] = {
    # Resend: the `resend._domainkey` TXT record (seed 003, "Add TXT DKIM Records").
    "resend": "Resend",
    # Google Workspace: default prefix selector "google" (support.google.com/a/answer/174126).
    "google": "Google Workspace",
    # Microsoft 365: selector1 and selector2 CNAMEs
    # (learn.microsoft.com/defender-office-365/email-authentication-dkim-configure).
    "selector1": "Microsoft 365",
    "selector2": "Microsoft 365",
    # Twilio SendGrid domain authentication: s1 and s2 CNAMEs
    # (www.twilio.com/docs/sendgrid/ui/account-and-settings/how-to-set-up-domain-authentication).
    "s1": "SendGrid",
    "s2": "SendGrid",
    # Mailchimp email domain authentication: k1 (older accounts), k2 and k3 CNAMEs
    # (mailchimp.com/help/set-up-email-domain-authentication/).
    "k1": "Mailchimp",
    "k2": "Mailchimp",
    "k3": "Mailchimp",
    # Mailchimp Transactional (Mandrill): mandrill._domainkey
    # (mailchimp.com/developer/transactional/docs/authentication-delivery/).
    "mandrill": "Mailchimp Transactional",
    # Mailjet: mailjet._domainkey (documentation.mailjet.com, "Authenticate your domain").
    "mailjet": "Mailjet",
    # Fastmail: fm1, fm2 and fm3 CNAMEs (www.fastmail.help, "Set up DKIM for a custom domain").
    "fm1": "Fastmail",
    "fm2": "Fastmail",
    "fm3": "Fastmail",
    # Proton Mail: protonmail, protonmail2 and protonmail3 CNAMEs
    # (proton.me/support/anti-spoofing-custom-domain).
    "protonmail": "Proton Mail",
    "protonmail2": "Proton Mail",
    "protonmail3": "Proton Mail",
}
