"""The company's settings as administrators edit them: details, business hours, theme.

Above ``support`` (the company row), ``mailboxes`` (default mailbox, notification template)
and ``files`` (theme images and style sheet). The spam lists stay with mail intake
(``mailboxes/spam.py``), which reads them for every sender."""
