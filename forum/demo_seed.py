"""The demo board's seed topic: the Invision Community topic that ../shared/seed/source-topic.txt was saved from,
with its structure restored (headings, bold lead-ins, numbered lists, the Chinese and English halves)."""

SEED_TITLE = (
    "美国和中国之间科技协议(STA)的历史背景和当前状态|the historical and current status of the Science and "
    "Technology Agreement (STA) between the United States and China"
)


def _numbered(items):
    return "<ol>" + "".join(f"<li><p><strong>{lead}</strong>{text}</p></li>" for lead, text in items) + "</ol>"


_EN_SECTIONS = [
    ("Historical Context and Evolution", [
        ("Origins and Initial Purpose:", " The U.S.-China STA was signed on January 31, 1979, by U.S. President "
         "Jimmy Carter and PRC leader Deng Xiaoping shortly after the establishment of diplomatic relations. "
         "Initially, it aimed to build U.S.-China ties to counter the Soviet Union's influence."),
        ("Evolution Over Decades:", " During the 1980s and 1990s, the focus shifted towards integrating China into "
         "the global system and influencing its development. In later years, particularly under President Barack "
         "Obama, the STA expanded to address global challenges like health, energy, and climate change."),
    ]),
    ("Current Challenges and Criticisms", [
        ("Shift in U.S. Strategy:", " The U.S. perception of China has evolved, viewing it more as a strategic "
         "competitor. Critics argue that the STA does not adequately reflect the U.S.'s concerns regarding China's "
         "science and technology practices and industrial policies, including issues like IP theft and "
         "restrictive research environments."),
        ("Extensions and Negotiations:", " The STA was set to expire on August 27, 2023, but was extended twice for "
         "six months each time to negotiate renewal terms. This indicates ongoing deliberations about the future "
         "of the agreement."),
    ]),
    ("Provisions and Functions of the STA", [
        ("Objectives and Activities:", " The STA aims to promote science and technology progress through "
         "cooperation, exchanges of personnel and information, joint projects, and more, all based on equality, "
         "reciprocity, and mutual benefit."),
        ("Governance and Duration:", " It is overseen by a U.S.-PRC Joint Commission on Scientific and "
         "Technological Cooperation, meeting annually to coordinate activities. The agreement is flexible, "
         "allowing for modifications or extensions."),
        ("Sub-Agreements:", " The STA includes around 30 agency-level protocols and 40 sub-agreements covering "
         "diverse fields such as agriculture, energy, and health, indicating its broad scope and impact."),
    ]),
    ("Perspectives and Implications", [
        ("U.S. Views:", " The U.S. has leveraged the STA to deepen diplomatic ties and advance science, providing "
         "American researchers access to extensive research resources. However, there is growing concern about "
         "China’s reliability as a research partner and about protecting sensitive capabilities."),
        ("Chinese Strategy:", " China has used the STA to enhance its science and technology capabilities "
         "significantly, strategically filling research gaps and building intellectual property in key areas."),
        ("Strategic Competition:", " The rise of China in global science and technology landscapes presents both "
         "opportunities and challenges for the U.S., necessitating a careful evaluation of the benefits and risks "
         "associated with ongoing cooperation."),
    ]),
    ("Options for U.S. Policy", [
        ("Congressional Actions:", " Options for Congress include renewing the STA with or without modifications, "
         "renegotiating it significantly, letting it expire, or shifting focus to other international "
         "partnerships."),
        ("Legislative Oversight:", " Potential legislative actions might involve reconstituting reporting "
         "requirements, making reports public, or conducting assessments to evaluate the benefits and risks of "
         "continued S&amp;T cooperation with China."),
    ]),
]

_ZH_SECTIONS = [
    ("历史背景与演变", [
        ("起源及初衷:", "美中STA于1979年1月31日由美国总统吉米·卡特和中国领导人邓小平签署,这是在建立外交关系后不久。"
         "最初,目的是通过建立美中关系来抗衡苏联的影响力。"),
        ("几十年的演变:", "在1980年代和1990年代,焦点转向将中国整合到全球体系中并影响其发展。在后来的年份,尤其是在"
         "奥巴马总统任内,STA扩展到应对全球挑战,如健康、能源和气候变化。"),
    ]),
    ("当前的挑战与批评", [
        ("美国战略的转变:", "美国对中国的看法已经演变,更多地将其视为战略竞争对手。批评人士认为,STA并未充分反映美国对"
         "中国科技实践和产业政策的担忧,包括知识产权盗窃和限制性研究环境等问题。"),
        ("延期和谈判:", "STA原定于2023年8月27日到期,但两次各延长六个月以谈判更新条款。这表明关于协议未来的讨论正在"
         "进行中。"),
    ]),
    ("STA的条款与功能", [
        ("目标与活动:", "STA旨在通过合作、人员和信息交流、联合项目等推动科技进展,一切基于平等、互惠和共同利益的原则。"),
        ("治理与期限:", "由中美科技合作联合委员会监督,每年召开会议以协调活动。该协议灵活,允许修改或延期。"),
        ("子协议:", "STA包括约30个机构级协议和40个子协议,涵盖农业、能源和健康等多个领域,显示了其广泛的范围和影响。"),
    ]),
    ("观点与影响", [
        ("美国观点:", "美国利用STA加深外交关系并推动科学发展,为美国研究人员提供了广泛的研究资源。然而,对中国作为研究"
         "伙伴的可靠性以及保护敏感能力的担忧日益增长。"),
        ("中国战略:", "中国利用STA大幅增强其科技能力,战略性地填补研究空白并在关键领域建立知识产权。"),
        ("战略竞争:", "中国在全球科技领域的地位显著变化,为美国带来了机遇和挑战,需要仔细评估与中国继续合作的利弊。"),
    ]),
    ("美国的政策选项", [
        ("国会行动:", "国会的选项包括(但不限于)按原样更新美中STA、修改并更新STA、显著重修和重新谈判STA、让STA到期、"
         "将焦点转向与欧洲、日本等深化STA以及与盟友和伙伴共同开发针对中国的S&amp;T工作方法。"),
        ("立法监督:", "潜在的立法行动可能包括重新设立STA报告要求、公开报告、召开听证会、要求行政部门进行评估或自行进行"
         "评估,以评价在STA下与中国进行的美国研究的利弊。"),
    ]),
]

_CRS_LINK = '<a href="https://crsreports.congress.gov/">https://crsreports.congress.gov/</a>'

FIRST_POST = (
    '<p>The document "U.S.-China Science and Technology Cooperation Agreement" (updated on May 16, 2024) from the '
    "Congressional Research Service (CRS) provides a detailed overview of the historical and current status of the "
    "Science and Technology Agreement (STA) between the United States and China. Here are the key points and "
    "analysis of the content:</p>"
    + "".join(f"<h3>{heading}</h3>{_numbered(items)}" for heading, items in _EN_SECTIONS)
    + "<p>Overall, the document emphasizes the complexity of the U.S.-China science and technology relationship, "
    "highlighting both the strategic importance and the contentious issues that shape current and future "
    "cooperation.</p><hr>"
    + "".join(f"<h3>{heading}</h3>{_numbered(items)}" for heading, items in _ZH_SECTIONS)
    + "<hr>"
    f"<p>The website {_CRS_LINK} is the official site for the Congressional Research Service (CRS) Reports. The "
    "Congressional Research Service is a public policy research arm of the United States Congress. The CRS provides "
    "non-partisan, objective analysis and research on legislative issues to Congress members, committees, and their "
    "staff to aid in the legislative process.</p>"
    "<p>Key features of the CRS Reports website include:</p>"
    + _numbered([
        ("Access to Reports:", " The site provides access to a wide range of reports on various topics, including "
         "economics, foreign policy, environmental issues, and more. These reports are designed to provide "
         "comprehensive, unbiased information and analysis to support legislative decision-making."),
        ("Search and Browse:", " Users can search for specific reports or browse through different categories and "
         "topics to find relevant information."),
        ("Non-Partisan Information:", " The reports are known for their objectivity and non-partisan stance, "
         "ensuring that the information provided is reliable and unbiased."),
        ("Updates and Archives:", " The website is regularly updated with new reports and maintains an archive of "
         "older reports, making it a valuable resource for historical research as well as current legislative "
         "issues."),
    ])
    + "<p>Overall, the CRS Reports website serves as a critical resource for policymakers, researchers, and the "
    "general public seeking in-depth, non-partisan analysis of legislative issues.</p>"
    f"<p>网站 {_CRS_LINK} 是美国国会研究服务处(Congressional Research Service,简称CRS)报告的官方网站。"
    "国会研究服务处是美国国会的公共政策研究机构。CRS 提供不偏不倚、客观的分析和研究,帮助国会议员、委员会及其工作"
    "人员在立法过程中做出决策。</p>"
    "<p>CRS 报告网站的主要特点包括:</p>"
    + _numbered([
        ("访问报告:", "该网站提供各种主题的报告,包括经济、外交政策、环境问题等。这些报告旨在提供全面、客观的信息和"
         "分析,以支持立法决策。"),
        ("搜索和浏览:", "用户可以搜索特定报告,或浏览不同类别和主题,找到相关信息。"),
        ("非党派信息:", "这些报告以其客观性和不偏不倚的立场著称,确保所提供的信息可靠且无偏见。"),
        ("更新和存档:", "网站定期更新新报告,并保留旧报告的存档,使其成为进行历史研究以及当前立法问题的宝贵资源。"),
    ])
    + "<p>总体而言,CRS 报告网站是政策制定者、研究人员以及寻求深入、不偏不倚的立法问题分析的公众的重要资源。</p>"
)

SECOND_POST = (
    "<p>中美科技合作协定涉及多个重要领域,其中包括但不限于人工智能、生物技术、机器学习和量子数学等领域 (Fudan "
    "Development Institute)。这些领域的合作对于推动科技创新和应对全球挑战尤为关键。</p>"
    "<h3>协定失效可能带来的影响</h3>"
    + _numbered([
        ("科研合作减少:", "该协定为双方科研机构和学者提供了一个官方的合作框架,如果协议失效,可能导致双方科研合作项目的"
         "数量减少,影响科研进展速度和质量。"),
        ("数据和资源共享障碍:", "协议中可能包括的数据共享和资源交流条款的失效可能会限制双方在科研和技术开发中的信息和"
         "资源流通,从而阻碍科技创新。"),
        ("经济和技术竞争加剧:", "缺少合作的框架可能使得两国在关键技术领域的竞争更加激烈,影响到全球供应链和市场稳定性。"),
        ("全球问题应对能力减弱:", "中美作为世界科技前沿的两大国,合作在应对气候变化、公共卫生等全球性问题上发挥着关键"
         "作用。协议的失效可能减弱这种合作,降低解决这些问题的效率和效果。"),
        ("知识产权问题增多:", "协定中包含了关于知识产权的管理和保护的条款。如果协议终止,缺乏明确的共识和标准可能会导致"
         "双方在知识产权方面的争议增多 (Fudan Development Institute)。"),
    ])
)
