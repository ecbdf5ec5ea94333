"""Start the local services Torget needs for `make run` and `make test`.

Run as `python -m devstack <command>`; see `devstack.cli` for the commands. An embedded
PostgreSQL and Redis are started only when `DATABASE_URL` / `REDIS_URL` are not set, so a
developer or CI can always point Torget at real servers instead.
"""
