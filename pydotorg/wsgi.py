from django.core.wsgi import get_wsgi_application

from pydotorg.settings.select import configure

configure()
application = get_wsgi_application()
