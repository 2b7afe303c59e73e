"""Who may work the queue: staff are configured, never inferred."""

from __future__ import annotations

from dataclasses import dataclass

from bot.queue.errors import NotStaff
from bot.settings import StaffMember


@dataclass(frozen=True)
class StaffDirectory:
    members: tuple[StaffMember, ...]

    @classmethod
    def of(cls, members: list[StaffMember]) -> StaffDirectory:
        return cls(tuple(members))

    def by_name(self, name: str) -> StaffMember:
        wanted = name.strip().casefold()
        for member in self.members:
            if member.name.casefold() == wanted:
                return member
        known = ", ".join(m.name for m in self.members) or "none are configured (set MMC_STAFF)"
        raise NotStaff(f"{name!r} is not a staff member; staff: {known}")

    def by_platform(self, platform: str, user_id: str) -> StaffMember | None:
        for member in self.members:
            if (platform == "slack" and member.slack_id == user_id) or \
               (platform == "telegram" and member.telegram_id == str(user_id)) or \
               (platform == "console" and member.name == user_id):
                return member
        return None
