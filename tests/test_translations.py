import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The project's catalogue and each app's own (<app>/locale/), all merged by Django at run time.
CATALOGUES = sorted([*ROOT.glob("locale/*/LC_MESSAGES/*.po"), *ROOT.glob("*/locale/*/LC_MESSAGES/*.po")])


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_interface_string_is_translated(po):
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_topic_page_in_simplified_chinese(client, make_topic):
    topic = make_topic(posts=2)
    html = client.get(topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    for text in ("跳转到内容", "参与讨论", "重要信息", "注册条款与条件", "会员"):
        assert text in html
