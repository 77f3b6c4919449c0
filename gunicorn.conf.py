# Read by gunicorn from the working directory (make serve). Tokens in private URLs never
# reach the access log: see pasadena_pd/log_filters.py.
logger_class = "pasadena_pd.log_filters.RedactingGunicornLogger"
