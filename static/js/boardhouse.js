// Boardhouse's own browser code. htmx sends the CSRF token from <body hx-headers>.
