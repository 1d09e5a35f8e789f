"""Words of a plausible IT helpdesk, and the shares of statuses and priorities.

Only printer tickets say "printer", each with a four-digit number (1000-9999), so the
search "printer N" matches a few tickets; no other word here starts with four digits
(error codes are written ``E123``, floors have at most two digits).
"""

from __future__ import annotations

from helpdesk.domain.cases.models import CaseStatus

FIRST_NAMES = (
    *("Anna", "Ben", "Carla", "David", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas"),
    *("Kira", "Liam", "Mia", "Noah", "Olga", "Paul", "Quinn", "Rosa", "Sam", "Tara"),
    *("Umar", "Vera", "Will", "Xenia", "Yusuf", "Zoe", "Aaron", "Bianca", "Cyril", "Dana"),
    *("Elias", "Fiona", "Georg", "Hanna", "Ivan", "Julia", "Karl", "Lena", "Marek", "Nina"),
)
LAST_NAMES = (
    *("Meyer", "Novak", "Rossi", "Silva", "Dubois", "Jensen", "Kowalski", "Haddad", "Tanaka"),
    *("Okafor", "Larsen", "Moreau", "Fischer", "Costa", "Nagy", "Berg", "Lindqvist", "Horvat"),
    *("Petrov", "Weber", "Schmidt", "Garcia", "Romero", "Keller", "Bauer", "Lang", "Frank"),
    *("Hahn", "Vogel", "Brandt", "Roth", "Wolf", "Kraus", "Peters", "Simon", "Huber", "Graf"),
)
AGENT_NAMES = (
    ("Alice", "Agent"),
    ("Bruno", "Helper"),
    ("Chloe", "Fixer"),
    ("Dmitri", "Support"),
    ("Elena", "Service"),
    ("Farid", "Desk"),
    ("Gina", "Tech"),
    ("Henrik", "Ops"),
)
GROUP_NAMES = ("Hardware", "Accounts", "Network")
LABELS = (("Follow up", "#f0ad4e"), ("VIP", "#d9534f"), ("Waiting for parts", "#5bc0de"))
TAG_NAMES = ("hardware", "network", "billing", "onboarding", "urgent-fix")
PRODUCTS = (
    *("laptop", "monitor", "keyboard", "router", "scanner", "projector", "headset"),
    *("docking station", "desk phone", "tablet", "webcam", "mailbox", "VPN client"),
    *("invoice portal", "shared drive", "calendar", "backup job", "licence key"),
    *("badge reader", "room display", "expense report", "payroll export"),
    *("wifi access point", "firewall rule", "password manager"),
)
PROBLEMS = (
    "is not working",
    "keeps disconnecting",
    "shows error code E{code}",
    "is very slow",
    "needs a replacement",
    "cannot be found",
    "stopped syncing",
    "asks for credentials again",
    "makes a strange noise",
    "fails after the update",
    "is missing from the inventory",
    "needs to be set up for a new colleague",
)
DETAILS = (
    "It started this morning after the weekly update.",
    "Restarting it did not help.",
    "Two colleagues in the {dept} team see the same thing.",
    "The problem comes back every few hours.",
    "We need it working before the {day} meeting.",
    "The screen stays blank for a minute before anything happens.",
    "It worked fine until {day}.",
    "Nothing was changed on our side as far as I know.",
    "The {dept} team cannot finish their monthly report because of it.",
    "I tried another cable and another socket.",
    "The message disappears before I can read it completely.",
    "Our office manager asked me to open a ticket for this.",
    "It only happens when more than five people are connected.",
    "I would be grateful for a quick answer.",
    "The same happened last quarter and was fixed remotely.",
    "Please call me if you need more details.",
)
REPLIES = (
    "Thank you for the report, we are looking into it.",
    "Could you restart the device and tell us whether the problem persists?",
    "A technician will visit your desk on {day} morning.",
    "We reset the configuration on our side; please try again.",
    "This is a known issue and a fix is planned for {day}.",
    "Please send us the exact error message so that we can check the logs.",
    "We ordered a replacement; it should arrive by {day}.",
    "The {dept} team reported the same and the cause is now fixed.",
)
DEPARTMENTS = ("finance", "sales", "marketing", "legal", "logistics", "research", "design")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
CASE_FOLLOW_UPS = (
    "Thank you, we will wait for your update.",
    "Great, that works for us.",
    "Could you give us an estimate of when it will be done?",
    "We attached the details to our internal ticket as well.",
)
QUERY_PROMPTS = (
    "Please send us the serial number of the device.",
    "Which office is the device in?",
    "Could you confirm the name of the account owner?",
)

# Statuses by the ids migration 0011 gives them, with their shares of the tickets.
STATUS_NAMES = {1: "Open", 2: "Pending", 3: "Resolved", 4: "Closed", 5: "Spam", 6: "Answered"}
STATUS_WEIGHTS = {1: 55, 2: 12, 6: 10, 3: 13, 4: 8, 5: 2}
PRIORITY_WEIGHTS = {1: 40, 2: 35, 3: 18, 4: 7}
CASE_STATUS_WEIGHTS = {CaseStatus.PROCESSING: 50, CaseStatus.QUERYING: 20, CaseStatus.COMPLETED: 30}
PRINTER_SHARE = 0.10
ASSIGNED_SHARE = 0.4
GROUPED_SHARE = 0.3
TRASHED_SHARE = 0.01
STARRED_SHARE = 0.02
LABELLED_SHARE = 0.05
TAGGED_SHARE = 0.10
CASE_ASSIGNED_SHARE = 0.6
