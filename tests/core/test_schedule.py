"""The in-process scheduler runs the beat table's tasks when they are due, as `celery beat` would."""

import pytest
from celery import current_app
from django.conf import settings
from django.core.management import call_command

from xborder.core.schedule import PeriodicTask, periodic_tasks, run_due


def test_every_scheduled_task_is_registered_with_celery():
    current_app.loader.import_default_modules()
    missing = [
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] not in current_app.tasks
    ]
    assert missing == []


def test_a_task_runs_when_due_and_again_after_its_interval():
    tasks = [PeriodicTask("sweep", "core.sweep_outbox", every=30)]
    with pytest.MonkeyPatch.context() as patch:
        calls = []
        patch.setattr(current_app.tasks["core.sweep_outbox"], "apply", lambda **kw: calls.append(kw))
        assert run_due(tasks, now=0) == ["sweep"]
        assert run_due(tasks, now=29) == []
        assert run_due(tasks, now=30) == ["sweep"]
    assert len(calls) == 2


def test_a_failing_task_does_not_stop_the_others(caplog):
    tasks = [PeriodicTask("broken", "core.sweep_outbox", every=10), PeriodicTask("ok", "core.sweep_outbox", every=10)]

    def fail_once(**kwargs):
        tasks_run.append("x")
        if len(tasks_run) == 1:
            raise RuntimeError("receiver down")

    tasks_run = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(current_app.tasks["core.sweep_outbox"], "apply", fail_once)
        assert run_due(tasks, now=0) == ["broken", "ok"]
    assert tasks[0].due_at == 10 and "periodic task broken failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_run_schedule_once_runs_the_whole_table(capsys):
    call_command("run_schedule", "--once")
    assert f"ran {len(periodic_tasks())} periodic tasks" in capsys.readouterr().out


def test_run_schedule_leaves_periodic_work_to_beat_when_a_broker_is_configured(settings, capsys):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    call_command("run_schedule", "--once")
    assert "run `make worker` and `make beat`" in capsys.readouterr().out
