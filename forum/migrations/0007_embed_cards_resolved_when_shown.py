"""Cards for this board's own topics and posts used to be written into the stored HTML when a post was saved, so a
topic hidden later kept showing its title and excerpt. They are now made when a page is shown, for its reader
(forum.queries.embed_cards): empty the stored markers of posts and signatures."""

import re

from django.db import migrations

MARKER = re.compile(r'<div class="embed" data-embed-url="([^"]*)">(.*?)</div>', re.DOTALL)


def empty_internal_cards(apps, schema_editor):
    from forum.content import internal_embeds

    def emptied(stored):
        return MARKER.sub(lambda m: f'<div class="embed" data-embed-url="{m[1]}"></div>'
                          if internal_embeds(f'<div class="embed" data-embed-url="{m[1]}"></div>') else m[0], stored)

    for model, field in ((apps.get_model("forum", "Post"), "content"),
                         (apps.get_model("accounts", "User"), "signature")):
        rows = model.objects.filter(**{f"{field}__contains": 'class="embed"'}).only("pk", field)
        for row in rows.iterator(chunk_size=500):
            new = emptied(getattr(row, field))
            if new != getattr(row, field):
                model.objects.filter(pk=row.pk).update(**{field: new})


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0006_submission_moves_here"),
        ("accounts", "0005_ban_moves_here"),
    ]

    operations = [migrations.RunPython(empty_internal_cards, migrations.RunPython.noop)]
