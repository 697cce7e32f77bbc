from django import template
from django.utils.safestring import mark_safe

from forum.content import render_post_html

register = template.Library()


@register.filter
def render_post(stored_html):
    """Stored (already sanitized) post HTML -> the page's HTML, with quote citations and embeds."""
    return mark_safe(render_post_html(stored_html))


@register.simple_tag
def editor_strings():
    """Every string the editor's script shows, translated here (the script's bundle is not scanned by
    makemessages)."""
    from django.utils.translation import gettext as _

    from forum.content import MAX_EMOJI

    return {
        "pastedRich": _("Pasted as rich text."),
        "pastePlain": _("Paste as plain text instead"),
        "keepFormatting": _("Keep formatting"),
        "tooManyEmoji": _("Only %(limit)s emoji are allowed.") % {"limit": MAX_EMOJI},
        "maxEmoji": MAX_EMOJI,
        "embedded": _("Your link has been automatically embedded."),
        "displayAsLink": _("Display as a link instead"),
        "keepEmbed": _("Keep embedded content"),
        "restored": _("Your previous content has been restored."),
        "clearEditor": _("Clear editor"),
        "keepRestored": _("Keep restored contents"),
        "cannotPasteImages": _("You cannot paste images directly. Upload or insert images from URL."),
        "uploading": _("Uploading %(name)s…"),
        "uploaded": _("File attached."),
        "uploadFailed": _("The file could not be uploaded."),
        "attachments": _("Attachments"),
        "dismiss": _("Dismiss"),
        "placeholder": _("Reply to this topic..."),
        "toolbar": _("Formatting"),
        "bold": _("Bold"), "italic": _("Italic"), "strike": _("Strikethrough"), "link": _("Link"),
        "heading": _("Heading"), "bulletList": _("Bulleted list"), "orderedList": _("Numbered list"),
        "quote": _("Quote"), "code": _("Code"), "imageUrl": _("Image from URL"), "upload": _("Attach files"),
        "emoji": _("Emoji"), "emojiSearch": _("Search emoji"), "emojiCategory": _("Category"),
        "linkPrompt": _("Link URL"), "imagePrompt": _("Image URL"),
        "mentionSuggestions": _("Members"),
        "multiquoteInsert": _("Quote %(count)s posts"), "multiquoteClear": _("Clear MultiQuote"),
        "multiquoteRegion": _("MultiQuote"),
        "said": _("%(name)s said:"),
    }
