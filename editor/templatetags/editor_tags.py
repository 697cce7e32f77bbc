from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from forum.content import MAX_EMOJI

from ..forms import enhance

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_field(context, form, topic=None, forum=None, post=None):
    """A posting form's content textarea, set up for the rich-text editor (for a reply to `topic`, a new topic in
    `forum`, or an edit of `post`); without JavaScript the textarea is the form."""
    enhance(form, context["user"], topic=topic, forum=forum, post=post)
    return mark_safe(str(form["content"]))


@register.simple_tag
def editor_strings():
    """Every string the editor's script shows, translated here (the script's bundle is not scanned by
    makemessages)."""
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
        "imageAlt": _("Image description (for people who cannot see it)"),
        "linkInvalid": _("Enter an address that starts with https:// or http://, or a mailto: address."),
        "imageInvalid": _("Enter an image address that starts with https:// or http://."),
        "insert": _("Insert"), "cancel": _("Cancel"),
        "mentionSuggestions": _("Members"),
        "multiquoteInsert": _("Quote %(count)s posts"), "multiquoteClear": _("Clear MultiQuote"),
        "multiquoteRegion": _("MultiQuote"),
        "said": _("%(name)s said:"),
        # An image from another host, shown as a placeholder (readers see it as a link: forum.content).
        "imageFrom": _("Image from %(host)s"), "imageFromWithAlt": _("Image from %(host)s: %(description)s"),
        "imageOrigins": settings.AGORA_MEDIA_ORIGINS,
    }
