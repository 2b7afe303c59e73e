"""conversation context: the last question of a conversation and what answered it

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('resource_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('chunk_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('chunk_id')
        batch_op.drop_column('resource_id')
        batch_op.drop_column('language')
        batch_op.drop_column('question')
