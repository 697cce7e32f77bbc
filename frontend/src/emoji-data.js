// The emoji picker's list, loaded by editor.js when the picker first opens (not with the editor).
import groups from 'unicode-emoji-json/data-by-group.json'

window.AgoraEmojiGroups = groups
