#!/bin/bash
# nginx-render.sh SRC DST: fill the placeholders of an nginx template (nginx/*.in, *.conf).
# The one renderer of the site: tools/stack.sh uses it for the private nginx of make run
# and the tests, debian/rules for the site the package ships. Values from the environment:
#   LISTEN SOCK CONF WEB STATE NGINX_USER ACCESS_LOG ERROR_LOG   (see nginx/deskpilot.conf.in)
#   PID SITE   (nginx/nginx.conf.in: its pid file, the site it includes)
#   DESKPILOT_NGINX_WORKERS _CONNECTIONS, DESKPILOT_CONN_PER_ADDR, DESKPILOT_AUTH_RATE _BURST,
#   DESKPILOT_SIGNIN_RATE _BURST, DESKPILOT_SUGGEST_RATE _BURST   (README: make run's variables)
set -euo pipefail
conns=${DESKPILOT_NGINX_CONNECTIONS:-4096}
case $conns in '' | *[!0-9]* | 0)
    echo "deskpilot: error: DESKPILOT_NGINX_CONNECTIONS must be a positive number" >&2; exit 1 ;;
esac
sed -e "s#@NGINX_NOFILE@#$((2 * conns + 256))#g" \
    -e "s#@LISTEN@#${LISTEN:?}#g" -e "s#@SOCK@#${SOCK:?}#g" -e "s#@CONF@#${CONF:?}#g" \
    -e "s#@WEB@#${WEB:?}#g" -e "s#@STATE@#${STATE:-}#g" -e "s#@PID@#${PID:-}#g" -e "s#@SITE@#${SITE:-}#g" \
    -e "s#@ACCESS_LOG@#${ACCESS_LOG:?}#g" -e "s#@ERROR_LOG@#${ERROR_LOG:?}#g" \
    -e "s#@NGINX_WORKERS@#${DESKPILOT_NGINX_WORKERS:-auto}#g" -e "s#@NGINX_USER@#${NGINX_USER:-}#g" \
    -e "s#@NGINX_CONNECTIONS@#$conns#g" \
    -e "s#@CONN_PER_ADDR@#${DESKPILOT_CONN_PER_ADDR:-100}#g" \
    -e "s#@AUTH_RATE@#${DESKPILOT_AUTH_RATE:-5r/s}#g" -e "s#@AUTH_BURST@#${DESKPILOT_AUTH_BURST:-20}#g" \
    -e "s#@SIGNIN_RATE@#${DESKPILOT_SIGNIN_RATE:-2r/s}#g" -e "s#@SIGNIN_BURST@#${DESKPILOT_SIGNIN_BURST:-40}#g" \
    -e "s#@SUGGEST_RATE@#${DESKPILOT_SUGGEST_RATE:-2r/s}#g" -e "s#@SUGGEST_BURST@#${DESKPILOT_SUGGEST_BURST:-10}#g" \
    "$1" >"$2"
if grep -q '@[A-Z_]*@' "$2"; then
    echo "deskpilot: error: $2: placeholders left: $(grep -o '@[A-Z_]*@' "$2" | sort -u | tr '\n' ' ')" >&2
    exit 1
fi
