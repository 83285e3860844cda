"""Email domains that say nothing about an employer: the one list of public mailbox providers.

Sharing a webmail domain (gmail.com, orange.fr…) says nothing about where a person
works: it never makes two people colleagues (reviews' conflicts of interest) and can
never be put on an administration's allow-list of institutional domains (agents'
automatic confirmation, eig.proposals.services).
"""

WEBMAIL_DOMAINS = frozenset(
    {
        # International providers.
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "ymail.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "live.fr",
        "msn.com",
        "aol.com",
        "aol.fr",
        "icloud.com",
        "me.com",
        "mac.com",
        "protonmail.com",
        "protonmail.ch",
        "proton.me",
        "pm.me",
        "tutanota.com",
        "gmx.com",
        "gmx.fr",
        "gmx.net",
        "mail.com",
        "yandex.com",
        "zoho.com",
        # French access providers and mailboxes.
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "club-internet.fr",
        "bbox.fr",
        "numericable.fr",
        "laposte.net",
        "aliceadsl.fr",
        "cegetel.net",
        "nordnet.fr",
        # Reserved for documentation (RFC 2606): shared by test and demo accounts, never an employer.
        "example.org",
        "example.com",
    }
)

# Providers present under many country endings (hotmail.fr, yahoo.co.uk, outlook.be…).
WEBMAIL_BRANDS = frozenset({"gmail", "googlemail", "hotmail", "outlook", "yahoo", "ymail", "protonmail", "gmx"})


def email_domain(email: str) -> str:
    """The domain of an address, lower case ("" without one)."""
    email = (email or "").strip()
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def is_webmail(domain: str) -> bool:
    """True for a public mailbox provider's domain, or one of its subdomains."""
    domain = (domain or "").strip().lower().rstrip(".")
    labels = domain.split(".")
    if any(".".join(labels[i:]) in WEBMAIL_DOMAINS for i in range(len(labels))):
        return True
    # hotmail.fr, yahoo.co.uk: the brand followed by a country ending of one or two labels.
    return len(labels) in (2, 3) and labels[0] in WEBMAIL_BRANDS
