"""platform state: outbox kinds, staff board posts, inbound de-duplication, conversations

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 05:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='relay', nullable=False))

    op.create_table('staff_posts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('board', sa.String(length=40), nullable=False),
    sa.Column('chat_id', sa.String(length=200), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ticket_id', 'board', name='uq_staff_posts_ticket_board')
    )
    with op.batch_alter_table('staff_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_posts_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('inbound_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('platform', sa.String(length=40), nullable=False),
    sa.Column('event_key', sa.String(length=200), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'event_key', name='uq_inbound_events_key')
    )
    with op.batch_alter_table('inbound_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_events_received_at'), ['received_at'], unique=False)

    op.create_table('conversations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('platform', sa.String(length=40), nullable=False),
    sa.Column('chat_id', sa.String(length=200), nullable=False),
    sa.Column('thread_id', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.String(length=200), nullable=True),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'chat_id', 'thread_id', name='uq_conversations_place')
    )


def downgrade() -> None:
    op.drop_table('conversations')
    with op.batch_alter_table('inbound_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_events_received_at'))
    op.drop_table('inbound_events')
    with op.batch_alter_table('staff_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_posts_ticket_id'))
    op.drop_table('staff_posts')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('kind')
