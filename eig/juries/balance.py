"""The balance of a jury's panels as they stand now, judged by the panel audit
(eig.engines.panel_audit): what the staff page says next to each panel.

The panels are read as they are in the database, not as the engine left them: pins move
people between two formations, and the demo writes its panels directly. So the verdict is
computed at each reading and never stored.
"""

from eig.engines import panel_audit
from eig.engines import panels as panel_engine

from .services import _aid, _jid, panel_instance


def check_panels(jury, panels) -> dict[int, panel_audit.PanelCheck]:
    """{panel pk: its PanelCheck}. `panels`: the jury's Panel rows, each with `member_list`
    (PanelMember rows) and `audition_list` (Audition rows) already read, as the page has them."""
    if not panels:
        return {}
    instance, _index = panel_instance(jury)
    engine_panels = [
        panel_engine.Panel(
            index=panel.index - 1,
            slot=panel_engine.Slot(
                id=f"h{panel.half_day_id}:r{panel.room_id}", half_day=f"h{panel.half_day_id}", room=f"r{panel.room_id}"
            ),
            jurors=[_jid(m.juror_id) for m in panel.member_list],
            items=[_aid(a.pk) for a in panel.audition_list],
        )
        for panel in panels
    ]
    checks = panel_audit.check(instance, engine_panels, required_noun="mentor opérationnel")
    return {panel.pk: result for panel, result in zip(panels, checks, strict=True)}
