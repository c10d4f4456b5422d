# What Django's Arabic formats leave out, which would otherwise fall back to the American
# month/day/year: day/month/year (with right-to-left marks, as Django's SHORT_DATE_FORMAT).
DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y H:i"
