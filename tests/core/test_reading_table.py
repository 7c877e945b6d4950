"""What the bot reads from dates, times and recurrences people type, in English, French and Spanish.

Each row is what a person types and what they mean, written from the calendar (not from the code):
the clock stands still on Tuesday 24 November 2026, 10:00 in Zurich (09:00 UTC), and dates without a
year are the next time they come. A reading is written as

    2027-05-14                      a day
    2027-05-14..2027-05-15          a range of days
    2027-05                         a whole month
    2027-05-14 15:00+02:00 Europe/Zurich         a moment (local time, UTC offset, the zone it is kept in)
    2027-05-14 14:00-16:00+02:00 Europe/Zurich   a moment with an end time the same day
    ?past <reading> / ?far <reading>             asked back, never saved: the one-line question
    ! <message>                                  refused with exactly this message

A date that is meant to be saved (a due date, an event) is asked back when it is in the past or more
than five years away; "confirm" after it saves it. Recurrences are read as a reminder's "<when> <what>":
the first moment and the sentence the reply shows, in the reader's language.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bot.dates import DateReader, When, check_sensible, strip_confirm
from bot.errors import UsageError
from bot.i18n import I18n
from bot.recurrence import describe, read_schedule
from storage.models import Precision

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday 24 November 2026, 10:00 in Zurich
TZ = "Europe/Zurich"

DATES = """
# --- days, English -------------------------------------------------------------------------
14 May                          | 2027-05-14
14 May 2027                     | 2027-05-14
on 14 May                       | 2027-05-14
May 14                          | 2027-05-14
May 14, 2027                    | 2027-05-14
May 14th                        | 2027-05-14
the 14th of May                 | 2027-05-14
14th May                        | 2027-05-14
Friday 14 May 2027              | 2027-05-14
Friday, May 14, 2027            | 2027-05-14
2027-05-14                      | 2027-05-14
13/5                            | 2027-05-13
13/05/2027                      | 2027-05-13
5/13                            | 2027-05-13
13.05.2027                      | 2027-05-13
24 November                     | 2026-11-24
25 November                     | 2026-11-25
1 December                      | 2026-12-01
31 December                     | 2026-12-31
1 January                       | 2027-01-01
29 February                     | 2028-02-29
12 June                         | 2027-06-12
3 Mar                           | 2027-03-03
3 Sept 2027                     | 2027-09-03
Monday                          | 2026-11-30
Tuesday                         | 2026-12-01
Wednesday                       | 2026-11-25
Thursday                        | 2026-11-26
Friday                          | 2026-11-27
Saturday                        | 2026-11-28
Sunday                          | 2026-11-29
on Friday                       | 2026-11-27
this Tuesday                    | 2026-11-24
this Friday                     | 2026-11-27
next Friday                     | 2026-12-04
next Monday                     | 2026-11-30
next Tuesday                    | 2026-12-01
today                           | 2026-11-24
tomorrow                        | 2026-11-25
the day after tomorrow          | 2026-11-26
in 3 days                       | 2026-11-27
in 2 weeks                      | 2026-12-08
in 1 month                      | 2026-12-24
in 6 months                     | 2027-05-24
3 days from now                 | 2026-11-27
in a week                       | 2026-12-01
a week from now                 | 2026-12-01
dans une semaine                | 2026-12-01
the 14th                        | 2026-12-14
the 1st                         | 2026-12-01
le 1er                          | 2026-12-01
el 30                           | 2026-11-30
next week                       | 2026-11-30..2026-12-06
this week                       | 2026-11-23..2026-11-29
next month                      | 2026-12
this month                      | 2026-11
end of June                     | 2027-06-30
end of June 2027                | 2027-06-30
the end of June                 | 2027-06-30
end of February 2028            | 2028-02-29
end of the month                | 2026-11-30
mid-July                        | 2027-07-15
mid July 2027                   | 2027-07-15
the middle of July              | 2027-07-15
Q1 2027                         | 2027-01-01..2027-03-31
Q2 2027                         | 2027-04-01..2027-06-30
Q3 2027                         | 2027-07-01..2027-09-30
Q4 2027                         | 2027-10-01..2027-12-31
Q4 2026                         | 2026-10-01..2026-12-31
Q1                              | 2027-01-01..2027-03-31
Q4                              | 2026-10-01..2026-12-31
first quarter of 2027           | 2027-01-01..2027-03-31
2nd quarter 2027                | 2027-04-01..2027-06-30
last Friday of the month        | 2026-11-27
the last Friday of the month    | 2026-11-27
the first Monday of June        | 2027-06-07
the last Friday of May 2027     | 2027-05-28
the second Tuesday of December  | 2026-12-08
# --- months, English: the next time the month comes ----------------------------------------
January                         | 2027-01
February                        | 2027-02
March                           | 2027-03
April                           | 2027-04
May                             | 2027-05
June                            | 2027-06
July                            | 2027-07
August                          | 2027-08
September                       | 2027-09
October                         | 2027-10
November                        | 2026-11
December                        | 2026-12
in May                          | 2027-05
May 2027                        | 2027-05
September 2027                  | 2027-09
Sept 2027                       | 2027-09
December 2026                   | 2026-12
# --- ranges --------------------------------------------------------------------------------
14-15 May                       | 2027-05-14..2027-05-15
14–15 May                       | 2027-05-14..2027-05-15
14 - 16 May                     | 2027-05-14..2027-05-16
May 14-15                       | 2027-05-14..2027-05-15
May 14-15, 2027                 | 2027-05-14..2027-05-15
14-15 May 2027                  | 2027-05-14..2027-05-15
14 May - 2 June                 | 2027-05-14..2027-06-02
14 May to 2 June 2027           | 2027-05-14..2027-06-02
from 14 May to 2 June           | 2027-05-14..2027-06-02
14 May until 2 June             | 2027-05-14..2027-06-02
30 December - 2 January         | 2026-12-30..2027-01-02
30 June - 2 July 2027           | 2027-06-30..2027-07-02
between 14 and 15 May           | 2027-05-14..2027-05-15
2027-05-14 to 2027-05-16        | 2027-05-14..2027-05-16
1-3 December                    | 2026-12-01..2026-12-03
# --- times and zones -----------------------------------------------------------------------
14 May at 15:00                 | 2027-05-14 15:00+02:00 Europe/Zurich
14 May 15:00                    | 2027-05-14 15:00+02:00 Europe/Zurich
14 May at 3pm                   | 2027-05-14 15:00+02:00 Europe/Zurich
14 May at 3 pm                  | 2027-05-14 15:00+02:00 Europe/Zurich
14 May at 3:30pm                | 2027-05-14 15:30+02:00 Europe/Zurich
14 May at 3 p.m.                | 2027-05-14 15:00+02:00 Europe/Zurich
14 May at 9                     | 2027-05-14 09:00+02:00 Europe/Zurich
14 May at noon                  | 2027-05-14 12:00+02:00 Europe/Zurich
14 May at midday                | 2027-05-14 12:00+02:00 Europe/Zurich
14 May at midnight              | 2027-05-14 00:00+02:00 Europe/Zurich
14 May 2027 at 09:30            | 2027-05-14 09:30+02:00 Europe/Zurich
14 May at 14:00-16:00           | 2027-05-14 14:00-16:00+02:00 Europe/Zurich
14 May 2027 from 14:00 to 16:00 | 2027-05-14 14:00-16:00+02:00 Europe/Zurich
14 May from 2pm to 4pm          | 2027-05-14 14:00-16:00+02:00 Europe/Zurich
14 May at 3pm CET               | 2027-05-14 16:00+02:00 Europe/Zurich
14 May at 15:00 CEST            | 2027-05-14 15:00+02:00 Europe/Zurich
14 May at 15:00 UTC             | 2027-05-14 17:00+02:00 Europe/Zurich
14 May at 15:00 GMT             | 2027-05-14 17:00+02:00 Europe/Zurich
14 May at 14:00 GMT+2           | 2027-05-14 14:00+02:00 Europe/Zurich
14 May at 14:00 UTC+02:00       | 2027-05-14 14:00+02:00 Europe/Zurich
14 May at 14:00 +02:00          | 2027-05-14 14:00+02:00 Europe/Zurich
14 May at 9:00 EDT              | 2027-05-14 15:00+02:00 Europe/Zurich
1 December at 9:00 EST          | 2026-12-01 15:00+01:00 Europe/Zurich
1 December at 9:00 PST          | 2026-12-01 18:00+01:00 Europe/Zurich
14 May at 9:00 America/New_York | 2027-05-14 09:00-04:00 America/New_York
14 May at 9:00 Africa/Abidjan   | 2027-05-14 09:00+00:00 Africa/Abidjan
tomorrow 9:00 America/New_York  | 2026-11-25 09:00-05:00 America/New_York
tomorrow 9:00                   | 2026-11-25 09:00+01:00 Europe/Zurich
tomorrow at 9am                 | 2026-11-25 09:00+01:00 Europe/Zurich
tomorrow at noon                | 2026-11-25 12:00+01:00 Europe/Zurich
today at 17:30                  | 2026-11-24 17:30+01:00 Europe/Zurich
Friday at 14:00                 | 2026-11-27 14:00+01:00 Europe/Zurich
next Friday 15:00               | 2026-12-04 15:00+01:00 Europe/Zurich
at 11:00                        | 2026-11-24 11:00+01:00 Europe/Zurich
at 9:00                         | 2026-11-25 09:00+01:00 Europe/Zurich
14-15 May at 10:00              | 2027-05-14 10:00+02:00..2027-05-15 Europe/Zurich
30 June 10:00 - 2 July 16:00    | 2027-06-30 10:00+02:00 - 2027-07-02 16:00 Europe/Zurich
14 May 14:00 - 15 May 12:00 UTC | 2027-05-14 16:00+02:00 - 2027-05-15 14:00 Europe/Zurich
14-15 May at 10:00 CET          | 2027-05-14 11:00+02:00..2027-05-15 Europe/Zurich
14-15 May at 10:00-12:00        | 2027-05-14 10:00-12:00+02:00..2027-05-15 Europe/Zurich
from 30 June to 2 July at 10:00 | 2027-06-30 10:00+02:00..2027-07-02 Europe/Zurich
du 30 juin au 2 juillet à 10h   | 2027-06-30 10:00+02:00..2027-07-02 Europe/Zurich
del 30 de junio al 2 de julio a las 10 | 2027-06-30 10:00+02:00..2027-07-02 Europe/Zurich
next Friday at 3pm              | 2026-12-04 15:00+01:00 Europe/Zurich
vendredi 14 mai à 15h           | 2027-05-14 15:00+02:00 Europe/Zurich
# daylight saving: 02:30 on 28 March 2027 does not exist in Zurich (as the calendar feed shows it: 03:30)
28 March 2027 02:30             | 2027-03-28 03:30+02:00 Europe/Zurich
28 March 2027 at 01:30          | 2027-03-28 01:30+01:00 Europe/Zurich
28 March 2027 at 03:00          | 2027-03-28 03:00+02:00 Europe/Zurich
# 02:30 on 31 October 2027 happens twice: the first, still on summer time
31 October 2027 02:30           | 2027-10-31 02:30+02:00 Europe/Zurich
31 October 2027 at 03:00        | 2027-10-31 03:00+01:00 Europe/Zurich
# --- French ----------------------------------------------------------------------------------
14 mai                          | 2027-05-14
le 14 mai 2027                  | 2027-05-14
vendredi 14 mai 2027            | 2027-05-14
1er mai                         | 2027-05-01
le 1er mai 2027                 | 2027-05-01
14 mai à 10h                    | 2027-05-14 10:00+02:00 Europe/Zurich
le 14 mai à 10h30               | 2027-05-14 10:30+02:00 Europe/Zurich
14 mai à 15 h                   | 2027-05-14 15:00+02:00 Europe/Zurich
14 mai à midi                   | 2027-05-14 12:00+02:00 Europe/Zurich
14 mai de 14h à 16h             | 2027-05-14 14:00-16:00+02:00 Europe/Zurich
14 mai à 15h UTC                | 2027-05-14 17:00+02:00 Europe/Zurich
du 14 au 15 mai                 | 2027-05-14..2027-05-15
du 30 juin au 2 juillet 2027    | 2027-06-30..2027-07-02
14-15 mai 2027                  | 2027-05-14..2027-05-15
aujourd'hui                     | 2026-11-24
demain                          | 2026-11-25
demain à 9h                     | 2026-11-25 09:00+01:00 Europe/Zurich
après-demain                    | 2026-11-26
lundi                           | 2026-11-30
vendredi                        | 2026-11-27
vendredi prochain               | 2026-11-27
dans 3 jours                    | 2026-11-27
dans 2 semaines                 | 2026-12-08
dans 10 minutes                 | 2026-11-24 10:10+01:00 Europe/Zurich
fin juin                        | 2027-06-30
fin juin 2027                   | 2027-06-30
mi-juillet                      | 2027-07-15
premier trimestre 2027          | 2027-01-01..2027-03-31
T2 2027                         | 2027-04-01..2027-06-30
le dernier vendredi du mois     | 2026-11-27
la semaine prochaine            | 2026-11-30..2026-12-06
le mois prochain                | 2026-12
janvier                         | 2027-01
février                         | 2027-02
mars                            | 2027-03
avril                           | 2027-04
mai                             | 2027-05
juin                            | 2027-06
juillet                         | 2027-07
août                            | 2027-08
septembre                       | 2027-09
octobre                         | 2027-10
novembre                        | 2026-11
décembre                        | 2026-12
mai 2027                        | 2027-05
en mai                          | 2027-05
vendredi 14 mai                 | 2027-05-14
# --- Spanish ---------------------------------------------------------------------------------
14 de mayo                      | 2027-05-14
el 14 de mayo de 2027           | 2027-05-14
viernes 14 de mayo de 2027      | 2027-05-14
1 de diciembre                  | 2026-12-01
14 de mayo a las 9              | 2027-05-14 09:00+02:00 Europe/Zurich
14 de mayo a las 9:30           | 2027-05-14 09:30+02:00 Europe/Zurich
14 de mayo a las 15:00 CET      | 2027-05-14 16:00+02:00 Europe/Zurich
14 de mayo a mediodía           | 2027-05-14 12:00+02:00 Europe/Zurich
14 de mayo de 14:00 a 16:00     | 2027-05-14 14:00-16:00+02:00 Europe/Zurich
del 14 al 15 de mayo            | 2027-05-14..2027-05-15
del 30 de junio al 2 de julio   | 2027-06-30..2027-07-02
hoy                             | 2026-11-24
mañana                          | 2026-11-25
mañana a las 9                  | 2026-11-25 09:00+01:00 Europe/Zurich
pasado mañana                   | 2026-11-26
lunes                           | 2026-11-30
viernes                         | 2026-11-27
el viernes                      | 2026-11-27
el próximo viernes              | 2026-11-27
en 3 días                       | 2026-11-27
en 10 minutos                   | 2026-11-24 10:10+01:00 Europe/Zurich
finales de junio                | 2027-06-30
mediados de julio               | 2027-07-15
a mitad de julio                | 2027-07-15
primer trimestre de 2027        | 2027-01-01..2027-03-31
el último viernes del mes       | 2026-11-27
la semana que viene             | 2026-11-30..2026-12-06
el mes que viene                | 2026-12
enero                           | 2027-01
febrero                         | 2027-02
marzo                           | 2027-03
abril                           | 2027-04
mayo                            | 2027-05
junio                           | 2027-06
julio                           | 2027-07
agosto                          | 2027-08
septiembre                      | 2027-09
octubre                         | 2027-10
noviembre                       | 2026-11
diciembre                       | 2026-12
mayo de 2027                    | 2027-05
# --- asked back: in the past, or more than five years away; "confirm" saves -------------------
yesterday                       | ?past Monday 23 November 2026
hier                            | ?past Monday 23 November 2026
ayer                            | ?past Monday 23 November 2026
23 November 2026                | ?past Monday 23 November 2026
1 November 2026                 | ?past Sunday 1 November 2026
2019-05-14                      | ?past Tuesday 14 May 2019
14-15 May 2019                  | ?past Tuesday 14 May 2019 – Wednesday 15 May 2019
May 2019                        | ?past May 2019
today at 9:00                   | ?past Tuesday 24 November 2026, 09:00 CET (Europe/Zurich)
2040-01-01                      | ?far Sunday 1 January 2040
in 6 years                      | ?far Wednesday 24 November 2032
14 May 2032                     | ?far Friday 14 May 2032
1 November 2026 confirm         | 2026-11-01
yesterday confirm               | 2026-11-23
2040-01-01 confirm              | 2040-01-01
14 May 2032 confirmer           | 2032-05-14
14 May 2032 confirmar           | 2032-05-14
24 November 2031                | 2031-11-24
# --- refused, with what could not be read --------------------------------------------------------
31 June                         | ! "31 June" is not a day that exists.
31 June 2027                    | ! "31 June 2027" is not a day that exists.
32 May                          | ! "32 May" is not a day that exists.
29 February 2027                | ! "29 February 2027" is not a day that exists.
30 February                     | ! "30 February" is not a day that exists.
31 avril                        | ! "31 April" is not a day that exists.
31 de junio                     | ! "31 June" is not a day that exists.
0/5                             | ! "0 May" is not a day that exists.
6/1                             | ! "6/1" could be 6 January or 1 June; please write the month as a word.
1/2/2027                        | ! "1/2/2027" could be 1 February or 2 January; please write the month as a word.
Tuesday 14 May 2027             | ! 14 May 2027 is a Friday; please check the date.
the day after never             | ! I could not read "the day after never" as a date.
tomorrow-ish                    | ! I could not read "tomorrow-ish" as a date.
blah                            | ! I could not read "blah" as a date.
soon                            | ! I could not read "soon" as a date.
el día de nunca                 | ! I could not read "el día de nunca" as a date.
in -5 minutes                   | ! "in -5 minutes" is not in the future.
in 0 days                       | ! "in 0 days" is not in the future.
in 1000000 days                 | ! "in 1000000 days" is too far away to be a date.
0001-01-01                      | ! "0001-01-01" is too far away to be a date.
15 - 14 May                     | ! In "15 - 14 May" the end comes before the start.
15 May - 14 May                 | ! In "15 May - 14 May" the end comes before the start.
14 May 2027 from 16:00 to 14:00 | ! In "14 May 2027 from 16:00 to 14:00" the end comes before the start.
May at 15:00                    | ! "May at 15:00" names a whole month; give a day for a time.
14 May at 25:00                 | ! I could not read "14 May at 25:00" as a date.
14 May at 15:00 Mars/Olympus    | ! I could not read "Mars/Olympus" as a time zone.
14 May at 10:00 Europe/Geneva   | ! I could not read "Europe/Geneva" as a time zone.
1 January 2020 - 5 March 2021   | ! "1 January 2020 - 5 March 2021" is longer than a year; please give it as two dates.
tomorrow 9:00 one               | ! I could not read "tomorrow 9:00 one" as a date.
14/15 May                       | ! I could not read "14/15 May" as a date.
14                              | ! I could not read "14" as a date.
2027                            | ! I could not read "2027" as a date.
Friday the team call            | ! I could not read "Friday the team call" as a date.
diligence report                | ! I could not read "diligence report" as a date.
14 May Abidjan                  | ! I could not read "14 May Abidjan" as a date.
"""

SCHEDULES = """
# --- once: relative times keep their seconds and never come early ------------------------------
in 30 seconds x                      | 2026-11-24 10:00:30+01:00 Europe/Zurich
in 1 minute x                        | 2026-11-24 10:01+01:00 Europe/Zurich
in 90 minutes x                      | 2026-11-24 11:30+01:00 Europe/Zurich
in 2 hours x                         | 2026-11-24 12:00+01:00 Europe/Zurich
dans 10 minutes x                    | 2026-11-24 10:10+01:00 Europe/Zurich
en 10 minutos x                      | 2026-11-24 10:10+01:00 Europe/Zurich
tomorrow 9:00 x                      | 2026-11-25 09:00+01:00 Europe/Zurich
tomorrow x                           | 2026-11-25 09:00+01:00 Europe/Zurich
demain à 9h x                        | 2026-11-25 09:00+01:00 Europe/Zurich
mañana a las 9 x                     | 2026-11-25 09:00+01:00 Europe/Zurich
14 May x                             | 2027-05-14 09:00+02:00 Europe/Zurich
on 14 May at 15:00 x                 | 2027-05-14 15:00+02:00 Europe/Zurich
tomorrow 9:00 America/New_York x     | 2026-11-25 09:00-05:00 America/New_York
last Friday of the month 15:00 x     | 2026-11-27 15:00+01:00 Europe/Zurich
31 June 9:00 x                       | ! "31 June" is not a date that exists.
in -5 minutes x                      | ! "in -5 minutes" is not in the future.
yesterday 9:00 x                     | ! "yesterday 9:00" (23 November 2026, 09:00) is in the past.
in 1000000 days x                    | ! "in 1000000 days" is too far away to be a date.
in 6 years x                         | ?far Wednesday 24 November 2032, 09:00 CET (Europe/Zurich)
# --- recurring: first moment | the sentence shown, in the reader's language -------------------
every Monday 9:00 x                  | 2026-11-30 09:00+01:00 | en: every Monday at 09:00
every monday at 9am x                | 2026-11-30 09:00+01:00 | en: every Monday at 09:00
every weekday 9:00 x                 | 2026-11-25 09:00+01:00 | en: every weekday at 09:00
every day 9:00 x                     | 2026-11-25 09:00+01:00 | en: every day at 09:00
every day 11:00 x                    | 2026-11-24 11:00+01:00 | en: every day at 11:00
every 2 days 9:00 x                  | 2026-11-25 09:00+01:00 | en: every 2 days at 09:00
every other Tuesday 11:00 x          | 2026-11-24 11:00+01:00 | en: every other Tuesday at 11:00
every 2 weeks on Monday 9:00 x       | 2026-11-30 09:00+01:00 | en: every other Monday at 09:00
every 3 weeks on Friday 9:00 x       | 2026-11-27 09:00+01:00 | en: every 3 weeks on Friday at 09:00
every Monday and Thursday 9:00 x     | 2026-11-26 09:00+01:00 | en: every Monday and Thursday at 09:00
every first Monday of the month 9:00 x | 2026-12-07 09:00+01:00 | en: on the first Monday of every month at 09:00
every last Friday of the month 15:00 x | 2026-11-27 15:00+01:00 | en: on the last Friday of every month at 15:00
every 2nd Tuesday of the month 10:00 x | 2026-12-08 10:00+01:00 | en: on the second Tuesday of every month at 10:00
every month on the 1st 9:00 x        | 2026-12-01 09:00+01:00 | en: on day 1 of every month at 09:00
every month on the 15th x            | 2026-12-15 09:00+01:00 | en: on day 15 of every month at 09:00
every year on 12 June 9:00 x         | 2027-06-12 09:00+02:00 | en: every year on 12 June at 09:00
every year on 29 February x          | 2028-02-29 09:00+01:00 | en: every year on 29 February at 09:00
every 2 hours x                      | 2026-11-24 12:00+01:00 | en: every 2 hours
every hour x                         | 2026-11-24 11:00+01:00 | en: every hour
rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9 x | 2026-11-30 09:00+01:00 | en: every Monday at 09:00
rrule FREQ=DAILY x                   | 2026-11-25 09:00+01:00 | en: every day at 09:00
rrule FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=15 x | 2026-11-27 15:00+01:00 | en: on the last Friday of every month at 15:00
cron 0 9 * * 1 x                     | 2026-11-30 09:00+01:00 | en: every Monday at 09:00
cron 30 8 * * 1-5 x                  | 2026-11-25 08:30+01:00 | en: every weekday at 08:30
cron 0 9 1 * * x                     | 2026-12-01 09:00+01:00 | en: on day 1 of every month at 09:00
chaque lundi 9:00 x                  | 2026-11-30 09:00+01:00 | fr: chaque lundi à 09:00
tous les lundis à 9h x               | 2026-11-30 09:00+01:00 | fr: chaque lundi à 09:00
chaque jour à 9h x                   | 2026-11-25 09:00+01:00 | fr: tous les jours à 09:00
tous les jours à 9h x                | 2026-11-25 09:00+01:00 | fr: tous les jours à 09:00
un mardi sur deux à 11h x            | 2026-11-24 11:00+01:00 | fr: un mardi sur deux à 11:00
toutes les 2 semaines le lundi à 9h x | 2026-11-30 09:00+01:00 | fr: un lundi sur deux à 09:00
chaque lundi et jeudi à 9h x         | 2026-11-26 09:00+01:00 | fr: chaque lundi et jeudi à 09:00
chaque premier lundi du mois à 9h x  | 2026-12-07 09:00+01:00 | fr: le premier lundi de chaque mois à 09:00
le dernier vendredi de chaque mois à 15h x | 2026-11-27 15:00+01:00 | fr: le dernier vendredi de chaque mois à 15:00
tous les mois le 1er à 9h x          | 2026-12-01 09:00+01:00 | fr: le 1 de chaque mois à 09:00
cada lunes a las 9 x                 | 2026-11-30 09:00+01:00 | es: cada lunes a las 9:00
todos los lunes a las 9 x            | 2026-11-30 09:00+01:00 | es: cada lunes a las 9:00
todos los días a las 9 x             | 2026-11-25 09:00+01:00 | es: todos los días a las 9:00
cada dos semanas el lunes a las 9 x  | 2026-11-30 09:00+01:00 | es: cada dos lunes a las 9:00
lunes por medio a las 9 x            | 2026-11-30 09:00+01:00 | es: cada dos lunes a las 9:00
cada lunes y jueves a las 9 x        | 2026-11-26 09:00+01:00 | es: cada lunes y jueves a las 9:00
cada primer lunes del mes a las 9 x  | 2026-12-07 09:00+01:00 | es: el primer lunes de cada mes a las 9:00
el último viernes de cada mes a las 15:00 x | 2026-11-27 15:00+01:00 | es: el último viernes de cada mes a las 15:00
cada mes el día 1 a las 9 x          | 2026-12-01 09:00+01:00 | es: el día 1 de cada mes a las 9:00
# --- recurring, refused: ambiguous, or a flood ---------------------------------------------------
every 2nd Tuesday x                  | ! "every 2nd tuesday" could mean every other tuesday or the 2nd tuesday of each month; please say "every other tuesday" or "every 2nd tuesday of the month".
every minute x                       | ! "every minute" would repeat more often than every 60 minutes, the most often a reminder may repeat.
every 30 minutes x                   | ! "every 30 minutes" would repeat more often than every 60 minutes, the most often a reminder may repeat.
cron * * * * * x                     | ! "cron * * * * *" would repeat more often than every 60 minutes, the most often a reminder may repeat.
rrule FREQ=SECONDLY x                | ! "rrule FREQ=SECONDLY" would repeat more often than every 60 minutes, the most often a reminder may repeat.
rrule FREQ=MINUTELY;INTERVAL=5 x     | ! "rrule FREQ=MINUTELY;INTERVAL=5" would repeat more often than every 60 minutes, the most often a reminder may repeat.
"""

I18N = I18n()
EN = I18N.get("en")


def rows(table: str) -> list[tuple[str, str]]:
    found = []
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        text, _, expected = line.partition("|")
        found.append((text.strip(), expected.strip()))
    return found


def message(exc: UsageError, tr=EN) -> str:
    """The refusal as the person reads it (as the app fills in a message's values)."""
    if exc.values is None:
        return exc.message
    return tr.t(exc.message, **{k: tr.value(v) for k, v in exc.values.items()})


def moment(at: datetime, zone: str, end: datetime | None = None) -> str:
    local = at.astimezone(at.tzinfo)
    clock = local.strftime("%H:%M") + (local.strftime(":%S") if local.second else "")
    offset = local.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}"
    if end is None:
        return f"{local:%Y-%m-%d} {clock}{offset} {zone}"
    if end.date() == local.date():
        return f"{local:%Y-%m-%d} {clock}-{end:%H:%M}{offset} {zone}"
    return f"{local:%Y-%m-%d} {clock}{offset} - {end:%Y-%m-%d %H:%M} {zone}"


def compact(when: When) -> str:
    if when.precision == Precision.MONTH:
        return f"{when.start:%Y-%m}"
    if when.at is not None:
        text = moment(when.at, when.timezone, when.end_at)
        if when.end != when.at.date() and (when.end_at is None or when.end_at.date() == when.at.date()):
            zone = text.rsplit(" ", 1)
            text = f"{zone[0]}..{when.end.isoformat()} {zone[1]}"
        return text
    if when.end != when.start:
        return f"{when.start.isoformat()}..{when.end.isoformat()}"
    return when.start.isoformat()


def read_to_save(text: str) -> str:
    """What a command that saves a date (a due date, an event) makes of ``text``."""
    text, confirmed = strip_confirm(text)
    try:
        when = DateReader().read(text, tz=TZ, now=NOW)
        if not confirmed:
            check_sensible(when, now=NOW, tz=TZ)
    except UsageError as exc:
        said = message(exc)
        for kind, head in (("?past", "That is in the past"), ("?far", "That is more than")):
            if said.startswith("Did you mean ") and head in said:
                return f"{kind} {said.removeprefix('Did you mean ').split('? ')[0]}"
        return f"! {said}"
    return compact(when)


def read_reminder(text: str) -> str:
    try:
        schedule, what = read_schedule(text, tz=TZ, now=NOW, default_time=time(9), languages=["en", "fr", "es"],
                                       min_interval=timedelta(minutes=60))
    except UsageError as exc:
        said = message(exc)
        if said.startswith("Did you mean ") and "more than" in said:
            return f"?far {said.removeprefix('Did you mean ').split('? ')[0]}"
        return f"! {said}"
    assert what == "x", what
    from zoneinfo import ZoneInfo

    local = schedule.first_at.astimezone(ZoneInfo(schedule.timezone))
    if not schedule.recurrence:
        return moment(local, schedule.timezone)
    return moment(local, "").strip()


DATE_ROWS = rows(DATES)
SCHEDULE_ROWS = rows(SCHEDULES)


def test_the_table_is_large_and_in_three_languages():
    assert len(DATE_ROWS) + len(SCHEDULE_ROWS) >= 300
    assert len({text for text, _ in DATE_ROWS}) == len(DATE_ROWS)  # no row twice


@pytest.mark.parametrize(("text", "expected"), DATE_ROWS, ids=[t for t, _ in DATE_ROWS])
def test_a_date_is_read_as_meant_or_asked_back(text, expected):
    assert read_to_save(text) == expected


@pytest.mark.parametrize(("text", "expected"), SCHEDULE_ROWS, ids=[t for t, _ in SCHEDULE_ROWS])
def test_a_reminder_time_is_read_as_meant(text, expected):
    first, _, sentence = expected.partition(" | ")
    assert read_reminder(text) == first
    if sentence:
        lang, _, words = sentence.partition(": ")
        schedule, _what = read_schedule(text, tz=TZ, now=NOW, default_time=time(9), languages=["en", "fr", "es"],
                                        min_interval=timedelta(minutes=60))
        assert describe(schedule.recurrence, schedule.first_at, schedule.timezone, I18N.get(lang)) == words
        assert "FREQ=" not in words and "RRULE" not in words


def test_a_relative_time_never_comes_early():
    for text, seconds in (("in 30 seconds x", 30), ("in 1 minute x", 60), ("in 2 hours x", 7200)):
        for second in (0, 13, 46, 59):
            now = NOW.replace(second=second, microsecond=250_000)
            schedule, _ = read_schedule(text, tz=TZ, now=now, default_time=time(9), languages=["en"])
            assert schedule.first_at - now == timedelta(seconds=seconds)


@pytest.mark.parametrize(("text", "what"), [
    ("tomorrow 9:00 one", "one"), ("Friday the team call", "the team call"), ("14 May Abidjan trip", "Abidjan trip"),
    ("every Monday 9:00 May report", "May report"), ("demain à 9h à Genève", "à Genève"),
    ("cada lunes a las 9 reunión a las 10", "reunión a las 10"),
])
def test_the_time_never_swallows_the_text(text, what):
    _schedule, found = read_schedule(text, tz=TZ, now=NOW, default_time=time(9), languages=["en", "fr", "es"])
    assert found == what


# --- every day written the way each language writes it (Babel as the independent oracle) ---------------
from datetime import date  # noqa: E402

from babel.dates import format_date  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

WRITTEN = {"en": ("d MMMM y", "EEEE d MMMM y", "MMMM d, y", "d MMM y", "y-MM-dd"),
           "fr": ("d MMMM y", "EEEE d MMMM y", "d MMM y"),
           "es": ("d 'de' MMMM 'de' y", "EEEE d 'de' MMMM 'de' y", "d MMMM y")}
LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=date(2026, 11, 24), max_value=date(2031, 11, 23)),
       lang=st.sampled_from(["en", "fr", "es"]), data=st.data())
def test_any_day_written_as_the_locale_writes_it_is_read_back(day, lang, data):
    pattern = data.draw(st.sampled_from(WRITTEN[lang]))
    text = format_date(day, pattern, locale=LOCALES[lang])
    when = DateReader().read(text, tz=TZ, now=NOW)
    assert (when.start, when.end, when.precision) == (day, day, Precision.DAY), text
    check_sensible(when, now=NOW, tz=TZ)  # within five years and not past: saved without a question


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2026, 11, 24), max_value=date(2027, 11, 23)),
       lang=st.sampled_from(["en", "fr", "es"]))
def test_a_day_and_month_without_a_year_is_the_next_one(day, lang):
    pattern = {"en": "d MMMM", "fr": "d MMMM", "es": "d 'de' MMMM"}[lang]
    text = format_date(day, pattern, locale=LOCALES[lang])
    assert DateReader().read(text, tz=TZ, now=NOW).start == day, text
