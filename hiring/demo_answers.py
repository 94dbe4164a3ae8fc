"""What the demo's candidates write in the exercises, in each candidate's language.

Each language's answers are written the way a social media manager from that market would write them, with the
facts of the exercises (Fill & Co's granola launch, its comment thread, the campaign numbers).
"""

#: language → the answers a demo candidate in that language gives.
ANSWERS: dict[str, dict[str, object]] = {
    "en": {
        "x": (
            "Our own toasted oat granola lands this Saturday 🌱 Launch weekend only: bring any clean jar and your "
            "first fill is 20% off. Baked with a local bakery, sold by weight. Can't make it in? Starter kit €11.50: "
            "https://fillandco.example/granola"
        ),
        "instagram": (
            "[Photo: a glass jar filling up with golden oat granola on our wooden refill shelf, morning light, the "
            "scoop mid-pour]\n"
            "Meet the newest thing on our shelves: our very own toasted oat granola 🫙\n"
            "Baked with a local bakery, sold by weight, straight into your jar (€1.90 per 100 g).\n"
            "📍 Launch weekend (Sat + Sun): bring any clean jar and your first fill is 20% off.\n"
            "💡 Tip: we weigh your empty jar at the counter first, so you only pay for the granola.\n"
            "Not nearby? The starter kit is in the link in bio 👆\n"
            "Tag the friend whose cupboard is full of empty jars 👇\n"
            "#FillAndCo #granola #refill #bringyourjar #shoplocal"
        ),
        "linkedin": (
            "This Saturday, Fill & Co launches its first own product: a toasted oat granola, baked by our partner "
            "bakery here in town and sold only by weight, into our customers' own jars.\n"
            "\n"
            "For us, it is a step from selling other people's products to making our own, with the recipe, quality "
            "and price decided together with a local partner.\n"
            "\n"
            "For the bakery, it means a steady weekly order and a new sales channel without single-use packaging: "
            "from the oven straight to our shelves.\n"
            "\n"
            "We believe small local businesses working together can offer what big brands can't. If you make or "
            "supply food locally and would like to sell by weight, let's talk. And if you'd like to be part of the "
            "team, follow this page.\n"
            "\n"
            "Launch weekend: 20% off the first fill. More at https://fillandco.example/granola\n"
            "\n"
            "#LocalBusiness #Retail #SmallBusiness"
        ),
        "tiktok": (
            "POV: grandma's old jam jar is about to get a glow-up 🫙\n"
            '[Video: the empty jar goes on the scale, golden granola pours in, a "-20%" tag pops up]\n'
            "Our own toasted oat granola, by weight, in YOUR jar. Launch weekend: 20% off your first fill 🌱 #granola "
            "#refill #FillAndCo"
        ),
        "post": (
            "Our own toasted oat granola is here! Bring any clean jar on launch weekend and your first fill is 20% "
            "off. Or order the starter kit (500 ml jar + 400 g of granola, €11.50): https://fillandco.example/granola"
        ),
        "replies": {
            "late-order": (
                "You have every right to be annoyed, and we're sorry: ten days and two unanswered emails is not okay. "
                "A courier delay hit last week's orders, but that doesn't excuse leaving you without an answer. We've "
                "sent you a DM: send us your order number and we'll track down your kit today and tell you when it "
                "will arrive. [DM: asked for the order number; checked the order with the warehouse and the courier; "
                "told my manager about the unanswered support emails]"
            ),
            "greenwashing": (
                "Fair question about the price, and no, we won't delete your comment. The granola is €1.90 per 100 g, "
                "and because you bring the jar, you can buy just 100 g to try it instead of a whole bag. We don't "
                "claim to be perfect either; we're just trying to use less packaging. Drop by any time and judge for "
                "yourself whether it's worth it."
            ),
            "own-jar": (
                "Any clean, dry jar works, and old jam jars are perfect! No lid is fine for filling in the shop; for "
                "the trip home, a cloth and a rubber band do the job. And yes: we weigh your empty jar at the counter "
                "before filling it, so you only pay for the granola. On launch weekend your first fill is also 20% "
                "off 🫙"
            ),
            "hives": (
                "We're so sorry, and we hope your son is feeling better. Thank you for telling us; we're taking this "
                "very seriously. If he has any swelling or trouble breathing, please get medical help straight away. "
                "For every parent reading: our granola is made by a partner bakery that also bakes with nuts, and the "
                'label says "may contain traces of nuts" on the back. We\'re looking at how to make that clear on '
                "the front too. We've sent you a DM: could you share the batch number from the label? We'll check it "
                "with the bakery today. [DM: asked for the batch number, a photo of the label and a phone number; "
                "told my manager and the bakery straight away; proposed a nut warning on the front of the label and "
                "in the shops]"
            ),
        },
        "recommendation": (
            "The goal is visits to the granola page, so I'd compare the networks by click-through rate, not likes. "
            "Next month I'd put most of the effort and the paid budget on the network with the best CTR and "
            "engagement rate in these two weeks, repeat the format of the best post, and put the link (or a pointer "
            "to the link in bio) in every post. I'd stop posting on the network with the lowest CTR. To know whether "
            "it worked, I'd give each network its own UTM link and compare granola-page visits from social with this "
            "campaign every week."
        ),
        "rationale": (
            "The jar of granola, in forest green on cream, sits in the middle, so the eye goes to it first and then "
            'to the charcoal line below it, "Launch weekend: bring your jar, 20% off"; one sans-serif in two '
            'weights, apricot only on "20%", and everything inside the central 1080 × 1080 square. For a story I\'d '
            "extend the background top and bottom, move the text up so the reply bar doesn't cover it, and add a link "
            'sticker. Alt text: A glass jar full of granola on a cream background, with the words "Launch weekend: '
            'bring your jar, 20% off".'
        ),
        "scenario": (
            "First I'd find out what actually changed: compare the last 14 days with the 14 before, per network and "
            "per format, looking at reach, saves and link clicks, not just likes. Then I'd keep what still brings "
            "clicks and move about a third of the effort and paid budget into short vertical video: film three "
            "different hooks in one session and test them against each other for two weeks. Every week I'd report the "
            "numbers tied to the business goal (link clicks tracked with UTM links and the orders or bookings they "
            "bring), and after four weeks decide whether to scale up or switch back."
        ),
    },
    "zh": {
        "x": (
            "Fill & Co 自家烘烤燕麦格兰诺拉，本周六上架！🌱 首发周末带任意干净罐子来店，首次装填立减20%。和本地烘焙坊"
            "一起做，按重量称。来不了店里？€11.50 入门套装网店直接买：https://fillandco.example/granola"
        ),
        "instagram": (
            "[照片：木质货架上，一只玻璃罐正被装满金黄的燕麦格兰诺拉，清晨的阳光，勺子还在往里倒]\n"
            "货架上的新成员来啦：我们自家的烘烤燕麦格兰诺拉 🫙✨\n"
            "和本地烘焙坊一起烤的，按重量卖，直接装进你自己的罐子（每100克 €1.90）。\n"
            "📍 首发周末（周六、周日）：带任意一个干净的罐子来店，首次装填立减20%！\n"
            "💡 小贴士：装之前我们会先在柜台给空罐子称重，你只为麦片付钱。\n"
            "不在附近？入门套装戳主页链接 👆\n"
            "@ 一下那个家里囤了一柜子空罐子的朋友 👇\n"
            "#FillAndCo #格兰诺拉 #称重购物 #自带容器 #早餐灵感"
        ),
        "linkedin": (
            "本周六，Fill & Co 将推出第一款自有产品：烘烤燕麦格兰诺拉麦片。它由我们的合作伙伴、一家本地烘焙坊烤制，只"
            "按重量销售，直接装进顾客自带的罐子里。\n"
            "\n"
            "对我们来说，这意味着从“卖别人的产品”走向“做自己的产品”：配方、品质和价格，都由我们和本地合作伙伴共同决定"
            "。\n"
            "\n"
            "对烘焙坊来说，这意味着一份稳定的每周订单，以及一个不需要一次性包装的新销售渠道：从烤箱直接到货架。\n"
            "\n"
            "我们相信，本地小商家携手合作，能提供大品牌给不了的东西。如果您是本地的食品生产商或供应商，也有兴趣按重量"
            "销售，欢迎来聊聊合作；如果您希望加入我们的团队，也欢迎关注我们的主页。\n"
            "\n"
            "首发周末首次装填立减20%。了解更多：https://fillandco.example/granola\n"
            "\n"
            "#本地商业 #零售 #合作共赢"
        ),
        "tiktok": (
            "外婆的旧果酱瓶，今天要逆袭了 🫙\n"
            "[视频：空罐子放上秤，金黄的格兰诺拉倒进去，弹出“立减20%”的标签]\n"
            "自家烘烤燕麦格兰诺拉，按重量装进你的罐子。首发周末首次装填立减20% 🌱 #格兰诺拉 #自带容器 #FillAndCo"
        ),
        "post": (
            "我们自家的烘烤燕麦格兰诺拉上市啦！首发周末带任意干净罐子来店，首次装填立减20%。也可以在网店买入门套装（50"
            "0毫升罐子+400克麦片，€11.50）：https://fillandco.example/granola"
        ),
        "replies": {
            "late-order": (
                "真的很抱歉，等了十天、发了两封邮件都没人回，换谁都会着急。上周的订单遇到了快递延误，但一直没回复您是"
                "我们的问题。已经私信您了，麻烦发一下订单号，我们今天就把您的入门套装查清楚，告诉您什么时候能到。[私信"
                "：已询问订单号；已联系仓库和快递公司查件；已向上级反映客服邮箱没人回复的问题]"
            ),
            "greenwashing": (
                "价格的问题问得有道理，这条评论我们不会删。格兰诺拉是每100克 €1.90，因为是自带罐子，想先买100克尝尝也"
                "完全可以，不用一次买一大袋。我们也不敢说自己做得完美，只是想少用一点包装。欢迎随时来店里看看，值不值"
                "您自己判断。"
            ),
            "own-jar": (
                "带什么罐子都可以，干净、干燥就行，吃完的旧果酱瓶正合适！没有盖子在店里装也没问题，带回家的路上用块布"
                "加根皮筋封一下就好。罐子的重量会扣掉：装之前我们会先在柜台给空罐子称重，您只为麦片付钱。首发周末首次"
                "装填还立减20%哦 🫙"
            ),
            "hives": (
                "看到这条真的很揪心，希望孩子已经好些了。谢谢您告诉我们，我们非常重视。如果孩子出现肿胀或呼吸困难，请"
                "马上就医。也想提醒各位家长：我们的格兰诺拉由一家同时制作含坚果产品的合作烘焙坊生产，包装背面标注了“可"
                "能含有微量坚果”。我们正在研究怎样在包装正面也标注清楚。已经私信您了，麻烦告诉我们标签上的批次号，我们"
                "今天就和烘焙坊一起核查。[私信：已询问批次号、标签照片和联系电话；已第一时间告知上级和烘焙坊；建议在包"
                "装正面和门店加上坚果提示]"
            ),
        },
        "recommendation": (
            "下个月的目标是格兰诺拉页面的访问量，所以比较各平台时我会看点击率，而不是点赞数。我会把大部分精力和投放预"
            "算放到这两周点击率和互动率最高的平台上，复用表现最好那条帖子的形式，并且每条帖子都带上链接或引导去主页链"
            "接。点击率最低的平台先停更。判断是否奏效：每个平台使用单独的UTM链接，每周对比来自社交媒体的格兰诺拉页面访"
            "问量和这次活动的数据。"
        ),
        "rationale": (
            "奶油色背景的正中央是一罐森林绿调的格兰诺拉，第一眼先看到罐子，再看到下方炭灰色的一行字“首发周末：带罐来，"
            "立减20%”；只用一款无衬线字体的两种字重，杏色只点缀在“20%”上，所有内容都在中间1080 × "
            "1080的区域内。改成快拍时，我会把背景上下延展，把文字上移以免被底部回复栏挡住，再加一个链接贴纸。替代文本"
            "：奶油色背景上，一只装满格兰诺拉的玻璃罐，旁边写着“首发周末：带罐来，立减20%”。"
        ),
        "scenario": (
            "我会先弄清楚到底变了什么：把最近14天和之前14天按平台、按内容形式对比，看触达、收藏和链接点击，而不只是点"
            "赞。然后保留仍在带来点击的内容，把大约三分之一的精力和投放预算转到竖版短视频上：一次集中拍三个不同的开头"
            "钩子，对比测试两周。每周汇报和业务目标挂钩的数字（用UTM链接追踪的点击，以及由此带来的订单或预约），四周后"
            "再决定是加码还是调回原来的做法。"
        ),
    },
    "es": {
        "x": (
            "¡Llega nuestra granola de avena tostada! 🌱 Fin de semana de lanzamiento: trae cualquier frasco limpio y "
            "tu primer llenado tiene un 20 % de descuento. Hecha con una panadería local, al peso. ¿No puedes venir? "
            "Kit de inicio a 11,50 €: https://fillandco.example/granola"
        ),
        "instagram": (
            "[Foto: un frasco de vidrio llenándose de granola dorada en nuestra estantería de madera, luz de mañana, "
            "la pala a medio servir]\n"
            "Te presentamos lo más nuevo de nuestras estanterías: nuestra propia granola de avena tostada 🫙\n"
            "Hecha con una panadería local y vendida al peso, directo a tu frasco (1,90 € cada 100 g).\n"
            "📍 Fin de semana de lanzamiento (sábado y domingo): trae cualquier frasco limpio y tu primer llenado "
            "tiene un 20 % de descuento.\n"
            "💡 Truco: pesamos tu frasco vacío en el mostrador, así solo pagas la granola.\n"
            "¿No estás cerca? El kit de inicio está en el enlace de la bio 👆\n"
            "Etiqueta a esa persona que guarda todos los frascos de mermelada 👇\n"
            "#FillAndCo #granola #granel #traetufrasco #comerciolocal"
        ),
        "linkedin": (
            "Este sábado, Fill & Co lanza su primer producto propio: una granola de avena tostada, elaborada por "
            "nuestra panadería asociada aquí en la ciudad y vendida solo al peso, en el frasco de cada cliente.\n"
            "\n"
            "Para nosotros es un paso importante: pasamos de vender productos de otros a crear el nuestro, con la "
            "receta, la calidad y el precio decididos junto con un socio local.\n"
            "\n"
            "Para la panadería, significa un pedido semanal estable y un nuevo canal de venta sin envases de un solo "
            "uso: del horno directo a nuestras estanterías.\n"
            "\n"
            "Creemos que los pequeños negocios locales, trabajando juntos, pueden ofrecer lo que una gran marca no "
            "puede. Si produces o distribuyes alimentos en la zona y te interesa vender al peso, hablemos. Y si te "
            "gustaría formar parte del equipo, sigue esta página.\n"
            "\n"
            "Fin de semana de lanzamiento: 20 % de descuento en el primer llenado. Más información: "
            "https://fillandco.example/granola\n"
            "\n"
            "#ComercioLocal #Retail #Emprendimiento"
        ),
        "tiktok": (
            "POV: el frasco viejo de mermelada de tu abuela está a punto de brillar 🫙\n"
            "[Video: el frasco vacío a la báscula, cae la granola y aparece «-20 %»]\n"
            "Nuestra granola de avena tostada, al peso y en TU frasco. Fin de semana de lanzamiento: 20 % menos en el "
            "primer llenado 🌱 #granola #granel #FillAndCo"
        ),
        "post": (
            "¡Ya está aquí nuestra granola de avena tostada! Trae cualquier frasco limpio el fin de semana de "
            "lanzamiento y tu primer llenado tiene un 20 % de descuento. O pide el kit de inicio (frasco de 500 ml + "
            "400 g de granola, 11,50 €): https://fillandco.example/granola"
        ),
        "replies": {
            "late-order": (
                "Tienes toda la razón en quejarte, y lo sentimos mucho: diez días y dos correos sin respuesta no está "
                "bien. Un retraso de la empresa de mensajería afectó a los pedidos de la semana pasada, pero eso no "
                "justifica que no te contestáramos. Te escribimos por mensaje directo: pásanos tu número de pedido y "
                "hoy mismo localizamos tu kit y te decimos cuándo llega. [MD: le pedí el número de pedido; revisé el "
                "pedido con el almacén y la mensajería; avisé a mi responsable de los correos sin contestar]"
            ),
            "greenwashing": (
                "Es una pregunta justa sobre el precio y no, no vamos a borrar tu comentario. La granola cuesta 1,90 "
                "€ cada 100 g y, como traes tu propio frasco, puedes llevarte solo 100 g para probarla en lugar de "
                "una bolsa entera. Tampoco decimos que seamos perfectos: solo intentamos usar menos envases. Pásate "
                "cuando quieras y decide tú si vale la pena."
            ),
            "own-jar": (
                "¡Vale cualquier frasco limpio y seco, y los de mermelada son perfectos! Sin tapa no hay problema "
                "para llenarlo en la tienda; para el camino a casa, un paño y una goma elástica bastan. Y sí: pesamos "
                "tu frasco vacío en el mostrador antes de llenarlo, así que solo pagas la granola. Además, el fin de "
                "semana de lanzamiento el primer llenado tiene un 20 % de descuento 🫙"
            ),
            "hives": (
                "Lo sentimos muchísimo y esperamos que tu hijo ya esté mejor. Gracias por contárnoslo: nos lo tomamos "
                "muy en serio. Si notas hinchazón o dificultad para respirar, busca atención médica de inmediato. "
                "Para todas las familias que lean esto: nuestra granola la elabora una panadería asociada que también "
                "trabaja con frutos secos, y la etiqueta lo indica en la parte trasera («puede contener trazas de "
                "frutos secos»). Estamos viendo cómo dejarlo claro también en la parte delantera. Te escribimos por "
                "mensaje directo: ¿nos pasas el número de lote de la etiqueta? Hoy mismo lo revisamos con la "
                "panadería. [MD: le pedí el número de lote, una foto de la etiqueta y un teléfono de contacto; avisé "
                "enseguida a mi responsable y a la panadería; propuse añadir el aviso de frutos secos en la parte "
                "delantera de la etiqueta y en las tiendas]"
            ),
        },
        "recommendation": (
            "Como el objetivo son las visitas a la página de la granola, compararía las redes por tasa de clics "
            "(CTR), no por «me gusta». El próximo mes concentraría el esfuerzo y el presupuesto pagado en la red con "
            "mejor CTR y tasa de interacción de estas dos semanas, repetiría el formato de la publicación que mejor "
            "funcionó y pondría el enlace (o la remisión al enlace de la bio) en cada publicación. Dejaría de "
            "publicar en la red con el CTR más bajo. Para saber si funcionó, daría a cada red su propio enlace con "
            "UTM y compararía cada semana las visitas a la página de la granola que llegan desde redes con las de "
            "esta campaña."
        ),
        "rationale": (
            "El frasco de granola, en verde bosque sobre fondo crema, está en el centro, así que la mirada va primero "
            "a él y luego a la línea en gris carbón de debajo, «Lanzamiento: trae tu frasco y ahorra 20 %»; una sola "
            "sans serif en dos pesos, el albaricoque solo en el «20 %» y todo dentro del cuadrado central de 1080 × "
            "1080. Para una historia, alargaría el fondo por arriba y por abajo, subiría el texto para que no lo tape "
            "la barra de respuesta y añadiría un sticker de enlace. Texto alternativo: Frasco de vidrio lleno de "
            "granola sobre fondo crema, con el texto «Lanzamiento: trae tu frasco y ahorra 20 %»."
        ),
        "scenario": (
            "Primero averiguaría qué cambió de verdad: compararía los últimos 14 días con los 14 anteriores por red y "
            "por formato, mirando alcance, guardados y clics en el enlace, no solo «me gusta». Después mantendría lo "
            "que sigue trayendo clics y pasaría más o menos un tercio del esfuerzo y del presupuesto pagado a video "
            "vertical corto: grabaría tres ganchos distintos en una sola sesión y los probaría entre sí durante dos "
            "semanas. Cada semana informaría de las cifras ligadas al objetivo de negocio (clics medidos con enlaces "
            "UTM y los pedidos o citas que generan) y, a las cuatro semanas, decidiría si ampliar o volver atrás."
        ),
    },
    "hi": {
        "x": (
            "हमारा अपना टोस्टेड ओट ग्रेनोला इस शनिवार लॉन्च हो रहा है 🌱 लॉन्च वीकेंड पर कोई भी साफ़ जार लाइए, पहली "
            "फ़िल पर 20% की छूट। लोकल बेकरी के साथ बना, वज़न के हिसाब से बिकता है। स्टोर नहीं आ सकते? €11.50 की "
            "स्टार्टर किट यहाँ: https://fillandco.example/granola"
        ),
        "instagram": (
            "[फ़ोटो: हमारी लकड़ी की शेल्फ़ पर सुनहरे ओट ग्रेनोला से भरता काँच का जार, सुबह की धूप, स्कूप से ग्रेनोला "
            "गिरता हुआ]\n"
            "मिलिए हमारी शेल्फ़ के सबसे नए मेहमान से: हमारा अपना टोस्टेड ओट ग्रेनोला 🫙\n"
            "लोकल बेकरी के साथ मिलकर बनाया, वज़न के हिसाब से, सीधे आपके जार में (€1.90 प्रति 100 ग्राम)।\n"
            "📍 लॉन्च वीकेंड (शनिवार-रविवार): कोई भी साफ़ जार लाइए, पहली फ़िल पर 20% की छूट!\n"
            "💡 टिप: भरने से पहले काउंटर पर ख़ाली जार का वज़न होता है, तो पैसे सिर्फ़ ग्रेनोला के।\n"
            "पास में नहीं हैं? स्टार्टर किट के लिए बायो में लिंक देखें 👆\n"
            "उस दोस्त को टैग करें जिसके किचन में ख़ाली जार का ढेर लगा है 👇\n"
            "#FillAndCo #ग्रेनोला #Granola #Refill #BringYourJar"
        ),
        "linkedin": (
            "इस शनिवार Fill & Co अपना पहला ख़ुद का प्रोडक्ट लॉन्च कर रहा है: टोस्टेड ओट ग्रेनोला, जिसे हमारी पार्टनर "
            "बेकरी बनाती है और जो सिर्फ़ वज़न के हिसाब से, ग्राहकों के अपने जार में बिकेगा।\n"
            "\n"
            "हमारे लिए यह एक बड़ा कदम है: दूसरों के प्रोडक्ट बेचने से आगे बढ़कर अपना प्रोडक्ट बनाना, जिसकी रेसिपी, "
            "क्वालिटी और कीमत हम अपने लोकल पार्टनर के साथ मिलकर तय करते हैं।\n"
            "\n"
            "बेकरी के लिए इसका मतलब है हर हफ़्ते का पक्का ऑर्डर और बिक्री का एक नया चैनल, वो भी बिना सिंगल-यूज़ "
            "पैकेजिंग के: ओवन से सीधे हमारी शेल्फ़ तक।\n"
            "\n"
            "हमारा मानना है कि लोकल बिज़नेस साथ मिलकर वो दे सकते हैं जो बड़े ब्रांड नहीं दे पाते। अगर आप लोकल फ़ूड "
            "प्रोड्यूसर या सप्लायर हैं और वज़न के हिसाब से बेचने में दिलचस्पी रखते हैं, तो हमसे बात कीजिए। और अगर आप "
            "हमारी टीम का हिस्सा बनना चाहते हैं, तो इस पेज को फ़ॉलो करते रहिए।\n"
            "\n"
            "लॉन्च वीकेंड पर पहली फ़िल पर 20% की छूट। ज़्यादा जानकारी: https://fillandco.example/granola\n"
            "\n"
            "#LocalBusiness #Retail #SmallBusiness"
        ),
        "tiktok": (
            "POV: दादी का पुराना जैम जार आज हीरो बनने वाला है 🫙\n"
            '[वीडियो: ख़ाली जार तराज़ू पर, उसमें सुनहरा ग्रेनोला गिरता है, फिर "20% OFF" का टैग आता है]\n'
            "हमारा अपना टोस्टेड ओट ग्रेनोला, वज़न के हिसाब से, आपके जार में। लॉन्च वीकेंड पर पहली फ़िल पर 20% छूट 🌱 "
            "#Granola #Refill #FillAndCo"
        ),
        "post": (
            "हमारा अपना टोस्टेड ओट ग्रेनोला आ गया है! लॉन्च वीकेंड पर कोई भी साफ़ जार लाइए और पहली फ़िल पर 20% की छूट "
            "पाइए। या वेब शॉप से स्टार्टर किट लीजिए (500 ml जार + 400 ग्राम ग्रेनोला, €11.50): "
            "https://fillandco.example/granola"
        ),
        "replies": {
            "late-order": (
                "आपकी नाराज़गी बिल्कुल जायज़ है, और हमें सच में खेद है: दस दिन का इंतज़ार और दो ईमेल का कोई जवाब "
                "नहीं, ये ठीक नहीं है। पिछले हफ़्ते के ऑर्डर कूरियर की देरी में अटक गए थे, लेकिन आपको जवाब न देना "
                "हमारी ग़लती है। हमने आपको DM किया है: अपना ऑर्डर नंबर भेज दीजिए, हम आज ही आपकी किट का पता लगाकर "
                "बताएँगे कि वो कब पहुँचेगी। [DM: ऑर्डर नंबर माँगा; वेयरहाउस और कूरियर से ऑर्डर का स्टेटस चेक किया; "
                "बिना जवाब वाले सपोर्ट ईमेल के बारे में मैनेजर को बताया]"
            ),
            "greenwashing": (
                "क़ीमत पर आपका सवाल जायज़ है, और नहीं, हम ये कमेंट डिलीट नहीं करेंगे। ग्रेनोला €1.90 प्रति 100 ग्राम "
                "है, और क्योंकि जार आपका अपना है, आप चखने के लिए सिर्फ़ 100 ग्राम भी ले सकते हैं, पूरा पैकेट ख़रीदने "
                "की ज़रूरत नहीं। हम परफ़ेक्ट होने का दावा नहीं करते, बस पैकेजिंग थोड़ी कम करने की कोशिश कर रहे हैं। "
                "कभी भी स्टोर आइए और ख़ुद तय कीजिए कि ये आपके लिए सही है या नहीं।"
            ),
            "own-jar": (
                "कोई भी साफ़ और सूखा जार चलेगा, जैम के पुराने जार तो एकदम बढ़िया हैं! ढक्कन न हो तो भी स्टोर में "
                "भरवाने में कोई दिक़्क़त नहीं; घर ले जाते समय ऊपर एक कपड़ा और रबर बैंड लगा लीजिए। और हाँ, भरने से "
                "पहले काउंटर पर आपके ख़ाली जार का वज़न कर लिया जाता है, तो पैसे सिर्फ़ ग्रेनोला के लगते हैं। लॉन्च "
                "वीकेंड पर पहली फ़िल पर 20% की छूट भी है 🫙"
            ),
            "hives": (
                "ये पढ़कर बहुत दुख हुआ, उम्मीद है आपका बेटा अब बेहतर है। हमें बताने के लिए शुक्रिया, हम इसे बहुत "
                "गंभीरता से ले रहे हैं। अगर उसे सूजन या साँस लेने में तकलीफ़ हो, तो तुरंत डॉक्टर को दिखाइए। बाक़ी "
                "माता-पिता के लिए: हमारा ग्रेनोला एक पार्टनर बेकरी बनाती है जहाँ नट्स वाली चीज़ें भी बेक होती हैं, और "
                'लेबल के पीछे लिखा है "इसमें नट्स के अंश हो सकते हैं"। हम देख रहे हैं कि ये जानकारी पैक के सामने भी '
                "साफ़-साफ़ कैसे दी जाए। हमने आपको DM किया है: क्या आप लेबल पर लिखा बैच नंबर भेज सकते हैं? हम आज ही "
                "बेकरी के साथ इसकी जाँच करेंगे। [DM: बैच नंबर, लेबल की फ़ोटो और कॉन्टैक्ट नंबर माँगा; मैनेजर और बेकरी "
                "को तुरंत बताया; लेबल के सामने और स्टोर में नट्स की चेतावनी लगाने का सुझाव दिया]"
            ),
        },
        "recommendation": (
            "लक्ष्य ग्रेनोला पेज पर विज़िट बढ़ाना है, इसलिए नेटवर्क की तुलना लाइक्स से नहीं, क्लिक-थ्रू रेट (CTR) से "
            "होनी चाहिए। अगले महीने मेहनत और पेड बजट का बड़ा हिस्सा उस नेटवर्क पर लगाना चाहिए जिसका इन दो हफ़्तों में "
            "CTR और एंगेजमेंट रेट सबसे अच्छा रहा, सबसे अच्छी पोस्ट का फ़ॉर्मेट दोहराना चाहिए, और हर पोस्ट में लिंक "
            "(या बायो के लिंक की तरफ़ इशारा) ज़रूर देना चाहिए। सबसे कम CTR वाले नेटवर्क पर पोस्ट करना बंद कर देंगे। "
            "बदलाव काम कर रहा है या नहीं, ये हर नेटवर्क के अलग UTM लिंक से पता चलेगा: हर हफ़्ते सोशल से ग्रेनोला पेज "
            "पर आने वाली विज़िट की तुलना इस कैंपेन से करेंगे।"
        ),
        "rationale": (
            "क्रीम बैकग्राउंड के बीच में फ़ॉरेस्ट ग्रीन में ग्रेनोला का जार है, इसलिए नज़र सबसे पहले जार पर जाती है "
            'और फिर नीचे चारकोल रंग की लाइन पर: "लॉन्च वीकेंड: अपना जार लाएँ, 20% छूट"; एक ही सैन्स-सेरिफ़ फ़ॉन्ट '
            'के दो वेट, ऐप्रिकॉट सिर्फ़ "20%" पर, और सब कुछ बीच के 1080 × 1080 स्क्वेयर के अंदर। स्टोरी के लिए '
            "बैकग्राउंड ऊपर-नीचे बढ़ा दिया जाएगा, टेक्स्ट ऊपर खिसकाया जाएगा ताकि रिप्लाई बार के नीचे न छिपे, और एक "
            "लिंक स्टिकर जोड़ा जाएगा। ऑल्ट टेक्स्ट: क्रीम बैकग्राउंड पर ग्रेनोला से भरा काँच का जार, साथ में लिखा है "
            '"लॉन्च वीकेंड: अपना जार लाएँ, 20% छूट"।'
        ),
        "scenario": (
            "सबसे पहले ये पता करना ज़रूरी है कि असल में बदला क्या है: पिछले 14 दिनों की तुलना उससे पहले के 14 दिनों "
            "से, हर नेटवर्क और हर फ़ॉर्मेट के हिसाब से, रीच, सेव और लिंक क्लिक देखकर, सिर्फ़ लाइक्स नहीं। फिर जो "
            "कंटेंट अब भी क्लिक ला रहा है उसे जारी रखेंगे, और लगभग एक-तिहाई मेहनत और पेड बजट शॉर्ट वर्टिकल वीडियो पर "
            "लगाएँगे: एक ही शूट में तीन अलग-अलग हुक रिकॉर्ड करके दो हफ़्ते तक उन्हें एक-दूसरे के मुक़ाबले टेस्ट "
            "करेंगे। हर हफ़्ते बिज़नेस गोल से जुड़े नंबर रिपोर्ट होंगे (UTM लिंक से ट्रैक किए गए क्लिक और उनसे आए "
            "ऑर्डर या बुकिंग), और चार हफ़्ते बाद तय करेंगे कि इसे बढ़ाना है या पुराने तरीक़े पर लौटना है।"
        ),
    },
    "id": {
        "x": (
            "Granola oat panggang buatan kami rilis Sabtu ini! 🌱 Khusus akhir pekan peluncuran: bawa toples bersih "
            "apa aja, isi pertama diskon 20%. Dibuat bareng toko roti lokal, dijual per berat. Nggak sempat mampir? "
            "Starter kit €11,50 di sini: https://fillandco.example/granola"
        ),
        "instagram": (
            "[Foto: toples kaca yang sedang diisi granola oat keemasan di rak kayu kami, cahaya pagi, sendok takar "
            "lagi menuang]\n"
            "Kenalan yuk sama penghuni baru rak kami: granola oat panggang buatan Fill & Co sendiri 🫙\n"
            "Dibuat bareng toko roti lokal, dijual per berat, langsung masuk ke toples kamu (€1,90 per 100 g).\n"
            "📍 Akhir pekan peluncuran (Sabtu–Minggu): bawa toples bersih apa aja, isi pertama diskon 20%!\n"
            "💡 Tips: toples kosong kamu ditimbang dulu di kasir, jadi kamu cuma bayar granolanya.\n"
            "Lagi nggak dekat toko? Cek starter kit lewat link di bio 👆\n"
            "Tag teman yang lemarinya penuh toples bekas 👇\n"
            "#FillAndCo #granola #refill #bawatoplessendiri #belanjacurah"
        ),
        "linkedin": (
            "Sabtu ini, Fill & Co meluncurkan produk buatan sendiri yang pertama: granola oat panggang, dibuat oleh "
            "toko roti mitra kami di kota ini dan dijual hanya per berat, langsung ke toples pelanggan.\n"
            "\n"
            "Bagi kami, ini langkah besar: dari menjual produk orang lain menjadi membuat produk sendiri, dengan "
            "resep, kualitas, dan harga yang kami tentukan bersama mitra lokal.\n"
            "\n"
            "Bagi toko roti mitra kami, artinya ada pesanan mingguan yang stabil dan kanal penjualan baru tanpa "
            "kemasan sekali pakai: dari oven langsung ke rak kami.\n"
            "\n"
            "Kami percaya usaha lokal yang saling berkolaborasi bisa menawarkan hal yang tidak bisa diberikan brand "
            "besar. Jika Anda produsen atau pemasok makanan lokal dan tertarik menjual produk secara curah, mari "
            "ngobrol. Dan kalau Anda ingin bergabung dengan tim kami, ikuti terus halaman ini.\n"
            "\n"
            "Promo akhir pekan peluncuran: diskon 20% untuk isi pertama. Info lengkap: "
            "https://fillandco.example/granola\n"
            "\n"
            "#UsahaLokal #Retail #Kolaborasi"
        ),
        "tiktok": (
            "POV: toples selai bekas nenek akhirnya naik kelas 🫙\n"
            '[Video: toples kosong ditimbang, granola keemasan dituang, lalu muncul label "DISKON 20%"]\n'
            "Granola oat panggang buatan kami, per berat, langsung ke toples KAMU. Akhir pekan peluncuran: isi "
            "pertama diskon 20% 🌱 #granola #refill #FillAndCo"
        ),
        "post": (
            "Granola oat panggang buatan kami sendiri sudah hadir! Bawa toples bersih apa saja di akhir pekan "
            "peluncuran dan dapatkan diskon 20% untuk isi pertama. Atau pesan starter kit-nya (toples 500 ml + "
            "granola 400 g, €11,50): https://fillandco.example/granola"
        ),
        "replies": {
            "late-order": (
                "Kami paham banget kesalnya, dan kami minta maaf: sepuluh hari menunggu dan dua email nggak dibalas "
                "itu memang nggak oke. Pesanan minggu lalu memang kena keterlambatan kurir, tapi itu bukan alasan "
                "untuk nggak membalas email kamu. Kami sudah kirim DM ya, boleh minta nomor pesanannya? Hari ini juga "
                "kami lacak starter kit kamu dan kabari kapan sampainya. [DM: menanyakan nomor pesanan; cek status "
                "pesanan ke gudang dan kurir; melaporkan email support yang belum dibalas ke atasan]"
            ),
            "greenwashing": (
                "Pertanyaan soal harga itu wajar, dan tenang, komennya nggak akan kami hapus. Granolanya €1,90 per "
                "100 g, dan karena pakai toples sendiri, kamu bisa beli 100 g aja buat nyobain, nggak harus satu "
                "bungkus besar. Kami juga nggak mengklaim sempurna, cuma berusaha mengurangi kemasan. Kapan-kapan "
                "mampir aja, biar kamu sendiri yang menilai worth it atau nggak."
            ),
            "own-jar": (
                "Boleh banget bawa toples apa aja, asal bersih dan kering, toples selai bekas justru pas! Nggak ada "
                "tutupnya juga nggak masalah buat diisi di toko; buat dibawa pulang, tutup pakai kain dan karet "
                "gelang aja. Dan iya, toples kosong kamu ditimbang dulu di kasir sebelum diisi, jadi kamu cuma bayar "
                "granolanya. Di akhir pekan peluncuran, isi pertama juga diskon 20% 🫙"
            ),
            "hives": (
                "Kami sangat menyesal mendengarnya, semoga anaknya sudah membaik. Terima kasih sudah memberi tahu "
                "kami, kami menanggapi ini dengan sangat serius. Kalau ada bengkak atau sesak napas, segera bawa ke "
                "dokter atau IGD ya. Untuk para orang tua lain: granola kami dibuat oleh toko roti mitra yang juga "
                'mengolah kacang, dan di bagian belakang label tertulis "dapat mengandung jejak kacang". Kami '
                "sedang mengupayakan agar info ini juga jelas di bagian depan. Kami sudah kirim DM: boleh minta nomor "
                "batch yang ada di label? Hari ini juga kami cek bersama toko roti. [DM: menanyakan nomor batch, foto "
                "label, dan nomor yang bisa dihubungi; langsung lapor ke atasan dan toko roti; mengusulkan peringatan "
                "kacang di bagian depan label dan di toko]"
            ),
        },
        "recommendation": (
            "Karena tujuannya menambah kunjungan ke halaman granola, platform saya bandingkan dari CTR, bukan dari "
            "likes. Bulan depan tenaga dan budget iklan saya fokuskan ke platform dengan CTR dan engagement rate "
            "terbaik selama dua minggu ini, format postingan dengan performa tertinggi saya ulang, dan setiap "
            "postingan selalu menyertakan link (atau arahan ke link di bio). Platform dengan CTR terendah saya stop "
            "dulu. Untuk tahu berhasil atau tidak, tiap platform pakai link UTM sendiri, lalu setiap minggu kunjungan "
            "ke halaman granola dari media sosial saya bandingkan dengan kampanye ini."
        ),
        "rationale": (
            "Toples granola warna hijau hutan di atas latar krem ada di tengah, jadi mata langsung tertuju ke toples, "
            'lalu ke baris teks warna arang di bawahnya, "Akhir pekan peluncuran: bawa toples, diskon 20%"; satu '
            'font sans-serif dengan dua ketebalan, aprikot hanya untuk "20%", dan semuanya ada di area tengah 1080 '
            "× 1080. Untuk story, latarnya saya perpanjang ke atas dan bawah, teksnya saya naikkan supaya nggak "
            "ketutup kolom balasan, dan saya tambahkan stiker link. Teks alternatif: Toples kaca berisi granola di "
            'atas latar krem, dengan tulisan "Akhir pekan peluncuran: bawa toples, diskon 20%".'
        ),
        "scenario": (
            "Pertama, saya cari tahu dulu apa yang sebenarnya berubah: bandingkan 14 hari terakhir dengan 14 hari "
            "sebelumnya per platform dan per format, lihat reach, saves, dan klik link, bukan cuma likes. Setelah "
            "itu, konten yang masih mendatangkan klik tetap jalan, dan sekitar sepertiga tenaga serta budget iklan "
            "saya pindahkan ke video vertikal pendek: rekam tiga hook berbeda dalam satu sesi syuting, lalu A/B test "
            "selama dua minggu. Setiap minggu saya laporkan angka yang terkait langsung dengan tujuan bisnis (klik "
            "yang dilacak dengan link UTM serta pesanan atau booking yang dihasilkannya), dan setelah empat minggu "
            "baru diputuskan mau ditambah atau kembali ke cara lama."
        ),
    },
}
