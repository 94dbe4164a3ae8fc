"""The schema is built by the migrations, and they describe exactly what the models declare."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hiring.extensions import db


def test_migrations_match_the_models():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "run `flask --app hiring db migrate` and commit the new revision"
