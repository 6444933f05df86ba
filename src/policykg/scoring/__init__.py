"""Score what extraction yields against facts written by hand (../shared/eval/GUIDE.md).

:mod:`.goals` scores goals, tasks, agencies and duties; :mod:`.entities` scores metadata and named entities;
:mod:`.facts` turns one extraction into comparable values. The tests and the benchmarks import them.
"""
