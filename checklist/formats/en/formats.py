# English as the UN writes it: day, month, year ("30 June 2026") and a 24-hour clock, not
# Django's American defaults. The other five languages keep Django's own formats.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
