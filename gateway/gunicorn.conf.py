# gunicorn -c gateway/gunicorn.conf.py 'pix_gateway.app:create_app()'
from pixkit.web.serving import gunicorn_settings

globals().update(gunicorn_settings("gateway"))
