/**
 * The words the seed writes: sentences in Chinese and English about the campaign's work
 * (visits to villages and enterprises, field notes, editors' diaries), names of people,
 * villages and townships. Written for this project; combined by the seed into bodies.
 */

/** Chinese sentences, unsegmented as people write them (search must find words inside). */
export const ZH_SENTENCES = [
  '我们在村里的文化礼堂开了一场座谈会，村民们说得很实在',
  '这次走基层让我真正听到了群众的声音',
  '群众在我心中，我在群众当中，这句话今天有了分量',
  '企业负责人反映用工难的问题，我们记下来带回去研究',
  '老党员带我们看了村里新修的水渠和便民服务站',
  '采访结束时天已经黑了，乡亲们还在门口送我们',
  '这个村的农家书屋每周开放三天，孩子们最爱来',
  '编辑手记：稿子改了三遍，每一遍都更接近现场',
  '文风要改，先要把话说短，把事说清',
  '下乡心得：坐在炕头上聊，比在会议室里听汇报管用',
  '合作社的账目公开在墙上，大家都看得明白',
  '镇里的文化站缺少专职人员，活动全靠志愿者撑着',
  '我们帮村里策划了一个乡村旅游的方案，明年春天试行',
  '老手艺人担心竹编没人接班，年轻人都去城里打工了',
  '这家企业把废料变成了新产品，值得好好总结',
  '采风途中听到了一首老民歌，赶紧录了下来',
  '走访的路上遇到一位种茶的大姐，她说今年价格不错',
  '村委会的同志带着我们挨家挨户走了一圈',
  '这一趟最大的收获是看到了基层干部的辛苦',
  '大家建议把服务群众的热线写进村规民约',
  '记者驻点第三天，终于写出了第一篇像样的稿子',
  '社科专家在座谈中提出了三条很实在的建议',
  '文艺工作者在村口的大樟树下演了一台小戏',
  '我们承诺的事情要有回音，不能走一趟就算了',
  '调研发现留守老人的吃饭问题最让人牵挂',
  '村里的年轻人开了网店，把山里的笋干卖到了全国',
  '最美衢州人的故事，就藏在这些平凡的日子里',
  '百位身边好人，百件凡人善举，我们一件一件去记',
  '转作风不是一句口号，是一次一次的脚步',
  '这个问题我们已经转给县里的相关部门跟进',
];

/** English sentences, for the English half of search (stems: visited, visiting, visits). */
export const EN_SENTENCES = [
  'We visited the village hall and listened to the farmers for an hour',
  'The editors are visiting two enterprises in the county this week',
  'A field note about the cultural station and its volunteers',
  'The hall was full of people when the opera troupe arrived',
  'Several families asked for a bus line to the township market',
  'Our reporter stayed at the contact point for five days',
  'The cooperative publishes its accounts on the wall for everyone',
  'Young people opened online shops selling bamboo shoots',
  'We promised to follow up on the irrigation problem before summer',
  'The old craftsman worries that nobody will learn bamboo weaving',
  'Writers collected folk songs on the road to the mountain villages',
  'Visits like this one teach more than any report on a desk',
];

/** Markdown shapes a body may take, so stored html covers lists, quotes, emphasis and links. */
export const MARKDOWN_SHAPES = ['plain', 'bold', 'list', 'quote', 'link', 'heading'] as const;

/** Family names and given-name characters for members' display names. */
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '郑', '毛', '叶', '余', '方', '姜', '祝'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '平', '刚', '桂英', '建华', '晓东', '海燕', '志强', '丽萍'];

/** Township and village name parts (the seed's places and township units). */
export const TOWNSHIPS = ['石室乡', '航埠镇', '湖镇镇', '峡口镇', '球川镇', '华埠镇', '杜泽镇', '廿里镇', '沐尘乡', '詹家镇', '清湖街道', '芳村镇'];
export const VILLAGES = ['余东', '下淤', '大陈', '溪口', '龙门', '金星', '茶坪', '竹林', '樟树', '清水', '荷花', '新塘', '上方', '枫林'];
export const ENTERPRISES = ['竹木制品厂', '茶叶合作社', '笋干加工厂', '农家乐', '民宿', '文化创意公司', '印刷厂', '特色果园'];

/** Title parts: what the topic is about. */
export const TITLE_HEADS = ['走访', '下乡心得', '采风感怀', '编辑手记', '座谈纪要', '调研', '驻点日记', '大讨论', '大学习', '大服务'];
export const TITLE_TAILS = ['群众的心里话', '文化礼堂的一天', '企业的难处', '老手艺的传承', '留守老人的吃饭问题', '乡村旅游怎么做', '一首老民歌', '村规民约', 'notes from the village', 'a week at the contact point'];
