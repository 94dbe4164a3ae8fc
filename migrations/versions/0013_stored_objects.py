"""stored objects: an uploaded file's bytes in the row, or its key in S3-compatible object storage

Revision ID: 0013_stored_objects
Revises: 0012_user_sessions
Create Date: 2026-12-02 13:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_stored_objects'
down_revision = '0012_user_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('object_key', sa.String(length=200), nullable=True))
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=True)


def downgrade():
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('object_key')
