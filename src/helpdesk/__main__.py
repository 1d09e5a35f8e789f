from helpdesk.cli.main import app

app()
