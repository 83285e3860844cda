"""The programme team's URLs for the ten months' retrospectives: the signals (views in retrospectives.py)."""

from django.urls import path

from . import retrospectives

_signals = "programme/<slug:promotion>/signaux/"

urlpatterns = [
    path(_signals, retrospectives.signal_list, name="programme_signals"),
    path(_signals + "detecter/", retrospectives.signals_detect, name="programme_signals_detect"),
    path(
        _signals + "<int:signal>/prendre-en-compte/",
        retrospectives.signal_acknowledge,
        name="programme_signal_acknowledge",
    ),
    path(_signals + "<int:signal>/suivre/", retrospectives.signal_follow_up, name="programme_signal_follow_up"),
    path(_signals + "<int:signal>/clore/", retrospectives.signal_close, name="programme_signal_close"),
]
