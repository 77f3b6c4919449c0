"""Django's PostgreSQL backend over the embedded server (pasadena_pd/embedded_db.py).

Settings name this engine when DATABASE_URL is not set; the server is started by the first
connection, never by importing settings (so pure tests and `manage.py check` start nothing).
"""
