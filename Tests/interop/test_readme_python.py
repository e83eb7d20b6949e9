"""Runs the README's Python quick start (the blocks between the python-quickstart
markers) exactly as written: the ```sh block generates the stubs from proto/, the
```python block runs as quickstart.py against a live `baton serve`."""
import re
import sys

import baton_interop_support as support

DOCUMENTS = [support.REPO / "README.md"]


def test_python_quickstart(baton_server, tmp_path):
    section = support.marked_section("python-quickstart", DOCUMENTS)
    [generate] = support.fenced_blocks(section, "sh")
    [program] = support.fenced_blocks(section, "python")
    work = tmp_path / "checkout"
    work.mkdir()
    (work / "proto").symlink_to(support.BATON_PROTO)  # the snippets run from the repository root
    (work / "quickstart.py").write_text(support.aimed_at(baton_server, program))
    commands = support.command_directory(tmp_path / "bin", python=sys.executable)

    support.run_documented(generate, work, commands, baton_server)
    assert (work / "gen" / "baton" / "v1" / "task_runs_pb2_grpc.py").is_file()
    first = support.run_documented("python quickstart.py", work, commands, baton_server).splitlines()
    again = support.run_documented("python quickstart.py", work, commands, baton_server).splitlines()

    uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    assert re.fullmatch("created (%s) STATE_TYPE_PENDING" % uuid, first[0])
    assert first[1] == "SET_STATE_STATUS_ACCEPT STATE_TYPE_RUNNING"
    run_id = first[0].split()[1]
    assert again == ["found %s STATE_TYPE_RUNNING" % run_id, "SET_STATE_STATUS_ACCEPT STATE_TYPE_RUNNING"]
