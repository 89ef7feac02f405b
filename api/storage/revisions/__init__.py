"""The Alembic environment of the service's database (``env.py``) and its revisions (``versions/``).

Alembic is run only programmatically, by :func:`api.storage.migrations.migrate`, which hands
``env.py`` an open connection (already locked, see there) and the table prefix through
``Config.attributes``. Revision ids are ``0001``, ``0002``, ...: revision *n* is the step the
earlier migration runner recorded as version *n*.
"""
