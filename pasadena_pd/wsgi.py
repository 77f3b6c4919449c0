import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasadena_pd.settings")
application = get_wsgi_application()
