from django.db import migrations

GROUPS = [
    # name, badge colour, order, admin, moderator
    ("Administrators", "#b91c1c", 1, True, True),
    ("Moderators", "#1d4ed8", 2, False, True),
    ("Members", "#4b5563", 3, False, False),
]

TERMS = """
<p>Welcome. By registering you agree to these terms. 注册即表示您同意以下条款。</p>
<h3>1. Be civil | 文明发言</h3>
<p>Discuss ideas, not people. Harassment, hate speech and personal attacks are removed, and repeated offences lead
to suspension. 对事不对人;骚扰、仇恨言论和人身攻击将被删除。</p>
<h3>2. Post lawfully and cite your sources | 合法发帖并注明出处</h3>
<p>Post only what you have the right to share, and say where quotations and figures come from.
只发布您有权分享的内容,并注明引文和数据的出处。</p>
<h3>3. Your content | 您的内容</h3>
<p>You keep the rights to what you write and allow this board to display it. If you delete your account, your
posts stay on the board under a former-member name, and your personal data is removed.
您保留所写内容的权利,并允许本站展示。删除账户后,帖子会以前成员名义保留,个人数据会被删除。</p>
<h3>4. Privacy and cookies | 隐私与 Cookie</h3>
<p>We store your email address, your posts and the address you posted from, to run the board and to fight abuse.
Cookies keep you signed in and remember your choices; we use no tracking or advertising cookies.
我们保存您的电子邮件、帖子和发帖地址,仅用于运营论坛和防止滥用。Cookie 仅用于保持登录和记住您的选择。</p>
<h3>5. Moderation | 管理</h3>
<p>Moderators may edit, hide, move or remove content that breaks these terms, and every such action is logged.
版主可以编辑、隐藏、移动或删除违反条款的内容,所有操作均有记录。</p>
"""


def seed(apps, schema_editor):
    MemberGroup = apps.get_model("accounts", "MemberGroup")
    for name, colour, order, is_admin, is_moderator in GROUPS:
        MemberGroup.objects.get_or_create(name=name, defaults={
            "badge_colour": colour, "order": order, "is_admin": is_admin, "is_moderator": is_moderator})
    TermsDocument = apps.get_model("accounts", "TermsDocument")
    # The historical model has no custom save(): this text is our own and already safe.
    TermsDocument.objects.get_or_create(version="2026-11-28", defaults={
        "title": "Registration Terms & Conditions", "body": TERMS.strip()})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
