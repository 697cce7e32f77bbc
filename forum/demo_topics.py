"""Other believable topics for the demo board, so that lists and pagination have something to show."""

MEMBERS = {  # username: email
    "lin_wei": "lin.wei@example.org", "sarah.chen": "sarah.chen@example.org", "mkowalski": "mkowalski@example.org",
    "张明": "zhang.ming@example.org", "amy_r": "amy.r@example.org", "david_okafor": "david.okafor@example.org",
}

# (forum key, title, author, opening post, replies as (author, text))
TOPICS = [
    ("policy", "Will the STA renewal include new data-security clauses? | STA续签会加入新的数据安全条款吗?", "sarah.chen",
     "The December 2024 renewal reportedly narrowed the scope to basic research. Has anyone seen the text of the "
     "new data-security and IP provisions?",
     [("lin_wei", "The State Department summary mentions dispute-resolution and data-protection annexes, but I have "
                  "not found the full annex text yet."),
      ("张明", "中文版本的新闻稿提到“基础研究”为主,技术转让方面的条款收紧了。"),
      ("mkowalski", "Worth comparing with the 2018 extension, which had no such annex at all.")]),
    ("policy", "Export controls on research equipment: what changed in 2024", "mkowalski",
     "Our lab had two shipments of spectrometers held for licence review this year. Is this the new normal for "
     "university collaborations?",
     [("amy_r", "Same here. The licence took eleven weeks; the end-use statement was the slow part."),
      ("david_okafor", "Talk to your export-control office early. Ours now asks for the partner list up front.")]),
    ("policy", "中美联合研究项目的数据共享协议怎么写?", "张明",
     "我们课题组准备和一所美国大学合作做气候模型,数据共享协议需要注意哪些条款?",
     [("lin_wei", "建议写清楚数据的存放地点、访问权限和发表前的审查流程。"),
      ("sarah.chen", "Also agree on who owns derived datasets. That is where most disputes start.")]),
    ("policy", "A reading list on the history of US-China science diplomacy", "amy_r",
     "I am putting together a syllabus. So far: the 1979 agreement text, CRS report R48077, and two memoirs by "
     "former science attachés. Suggestions welcome.",
     [("mkowalski", "Add the National Academies' 1980s delegation reports; they are a great primary source."),
      ("lin_wei", "钱宁的《留学美国》 gives the student side of the story.")]),
    ("research", "Co-authoring with colleagues abroad: how do you handle affiliations?", "david_okafor",
     "Journals now ask for funding disclosures from every co-author. How are other groups handling joint papers?",
     [("sarah.chen", "We keep a shared spreadsheet of grants per author and attach it at submission."),
      ("张明", "我们学校要求所有国际合作论文在投稿前报备。")]),
    ("research", "Open-access repositories for Chinese-language preprints", "lin_wei",
     "ChinaXiv, and which others? I would like to point students to reliable places to read preprints in Chinese.",
     [("amy_r", "ChinaXiv is the big one; some universities also run their own institutional repositories.")]),
    ("research", "Conference travel visas: share your timelines", "amy_r",
     "Planning for a conference next autumn. How long did your visa applications take this year?",
     [("mkowalski", "Seven weeks, including the interview."),
      ("david_okafor", "Three months for a colleague, with administrative processing.")]),
    ("announce", "Welcome to the board: please read before posting | 欢迎:发帖前请阅读", "admin",
     "<p>Welcome! This board discusses science and technology cooperation in both English and Chinese. Please be "
     "civil, cite your sources, and keep each topic to one question.</p>"
     "<p>欢迎!本论坛讨论中美科技合作,中英文均可。请文明发言,注明出处,每个主题只讨论一个问题。</p>",
     []),
    ("announce", "New: topic ratings and short links are coming", "admin",
     "We are working on topic ratings and short links so that you can share a single post easily.",
     [("sarah.chen", "Looking forward to short links. The current URLs with Chinese titles get very long.")]),
]

# The general forum gets enough topics for a second page.
GENERAL_TITLES = [
    "Introduce yourself here | 自我介绍", "Best podcasts on science policy", "推荐几本关于科技史的书",
    "How do you keep up with new CRS reports?", "Learning Chinese for scientific reading", "周末读书会:科技与社会",
    "Which RSS readers do you use?", "Tips for translating technical abstracts", "Favourite science museums in Asia",
    "有没有好用的文献管理软件?", "Remote conferences: worth it?", "Writing grant proposals in a second language",
    "The best maps of global research collaboration", "科研人员的工作与生活平衡", "Archival research in Beijing",
    "Using LaTeX with Chinese text", "What got you interested in science policy?", "Board feedback and suggestions",
    "周末随便聊聊", "Data visualisation tools you recommend", "Summer schools on technology governance",
    "Reading group: 'The Rise of China's Innovation System'", "Translation glossary for policy terms | 政策术语对照表",
    "Newsletters worth subscribing to", "How do you cite Chinese government documents?",
    "Student exchange programmes: experiences", "Quiet places to write in Shanghai",
]
GENERAL_BODY = "Share your thoughts, recommendations and experiences below. 欢迎大家分享。"
GENERAL_REPLIES = [
    "Thanks for starting this, it is a good question.",
    "同意楼上的看法。",
    "I have bookmarked a few links on this; will post them tonight.",
    "Interesting. In my experience it depends a lot on the institution.",
    "谢谢分享!",
]

# One long discussion so that a topic has several pages of replies.
LONG_TITLE = "Weekly news thread: science cooperation headlines | 每周科技合作新闻"
LONG_REPLIES = 60
