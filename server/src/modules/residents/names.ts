/**
 * Common Japanese names with their kana, for synthetic residents. Family names are among the most
 * frequent nationwide and in Hokuriku (中村, 山本, 林, 吉田 … are very common in Ishikawa); given
 * names are split by generation so a grandmother is a 和子 and a grandchild a 陽菜.
 * Entries are "漢字:かな" to keep the table compact.
 */
export interface Name {
  kanji: string;
  kana: string;
}

function table(entries: string): Name[] {
  return entries
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const [kanji = '', kana = ''] = entry.split(':');
      return { kanji, kana };
    });
}

export const FAMILY_NAMES = table(`
佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 田中:タナカ 伊藤:イトウ 渡辺:ワタナベ 山本:ヤマモト 中村:ナカムラ
小林:コバヤシ 加藤:カトウ 吉田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ 松本:マツモト 井上:イノウエ
木村:キムラ 林:ハヤシ 斎藤:サイトウ 清水:シミズ 山崎:ヤマザキ 森:モリ 池田:イケダ 橋本:ハシモト
阿部:アベ 石川:イシカワ 山下:ヤマシタ 中島:ナカジマ 石井:イシイ 小川:オガワ 前田:マエダ 岡田:オカダ
長谷川:ハセガワ 藤田:フジタ 後藤:ゴトウ 近藤:コンドウ 村上:ムラカミ 遠藤:エンドウ 青木:アオキ 坂本:サカモト
斉藤:サイトウ 福田:フクダ 太田:オオタ 西村:ニシムラ 藤井:フジイ 金子:カネコ 岡本:オカモト 藤原:フジワラ
中野:ナカノ 三浦:ミウラ 原田:ハラダ 中川:ナカガワ 松田:マツダ 竹内:タケウチ 小野:オノ 田村:タムラ
中山:ナカヤマ 和田:ワダ 石田:イシダ 森田:モリタ 上田:ウエダ 原:ハラ 内田:ウチダ 柴田:シバタ
酒井:サカイ 宮崎:ミヤザキ 横山:ヨコヤマ 高木:タカギ 安藤:アンドウ 宮本:ミヤモト 大野:オオノ 小島:コジマ
谷口:タニグチ 今井:イマイ 工藤:クドウ 高田:タカダ 増田:マスダ 丸山:マルヤマ 杉山:スギヤマ 村田:ムラタ
大塚:オオツカ 新井:アライ 小山:コヤマ 平野:ヒラノ 藤本:フジモト 河野:コウノ 上野:ウエノ 野口:ノグチ
武田:タケダ 松井:マツイ 千葉:チバ 岩崎:イワサキ 菅原:スガワラ 木下:キノシタ 久保:クボ 佐野:サノ
野村:ノムラ 松尾:マツオ 市川:イチカワ 菊地:キクチ 杉本:スギモト 古川:フルカワ 大西:オオニシ 島田:シマダ
水野:ミズノ 桜井:サクライ 高野:タカノ 渡部:ワタナベ 吉川:ヨシカワ 山内:ヤマウチ 西田:ニシダ 飯田:イイダ
北村:キタムラ 堀:ホリ 表:オモテ 宮下:ミヤシタ 米田:ヨネダ 東:ヒガシ 浅野:アサノ 寺井:テライ
道下:ミチシタ 竹田:タケダ 坂井:サカイ 北:キタ 南:ミナミ 谷:タニ 山岸:ヤマギシ 川端:カワバタ
`);

export const MALE_GIVEN_NAMES_OLDER = table(`
清:キヨシ 勇:イサム 実:ミノル 茂:シゲル 進:ススム 博:ヒロシ 弘:ヒロシ 正:タダシ
武:タケシ 稔:ミノル 勝:マサル 明:アキラ 昭:アキラ 和夫:カズオ 正雄:マサオ 三郎:サブロウ
一郎:イチロウ 次郎:ジロウ 健一:ケンイチ 義雄:ヨシオ 秀夫:ヒデオ 幸雄:ユキオ 隆:タカシ 修:オサム
豊:ユタカ 孝:タカシ 功:イサオ 光男:ミツオ 敏夫:トシオ 正男:マサオ 信夫:ノブオ 久雄:ヒサオ
`);

export const MALE_GIVEN_NAMES_MIDDLE = table(`
誠:マコト 浩:ヒロシ 健:ケン 大輔:ダイスケ 直樹:ナオキ 哲也:テツヤ 健太:ケンタ 和也:カズヤ
達也:タツヤ 剛:ツヨシ 拓也:タクヤ 聡:サトシ 学:マナブ 亮:リョウ 雄一:ユウイチ 智:サトシ
洋平:ヨウヘイ 慎一:シンイチ 真一:シンイチ 徹:トオル 隆之:タカユキ 秀樹:ヒデキ 康弘:ヤスヒロ 俊介:シュンスケ
翔太:ショウタ 大樹:ダイキ 拓海:タクミ 健太郎:ケンタロウ 亮太:リョウタ 雄太:ユウタ 一樹:カズキ 翔:ショウ
`);

export const MALE_GIVEN_NAMES_YOUNGER = table(`
蓮:レン 湊:ミナト 陽翔:ハルト 樹:イツキ 大翔:ヒロト 悠真:ユウマ 蒼:アオイ 陽太:ヒナタ
朝陽:アサヒ 悠人:ユウト 颯太:ソウタ 律:リツ 湊斗:ミナト 結翔:ユイト 大和:ヤマト 奏太:カナタ
晴:ハル 陸:リク 碧:アオイ 新:アラタ 海斗:カイト 颯:ハヤテ 優斗:ユウト 蒼空:ソラ
`);

export const FEMALE_GIVEN_NAMES_OLDER = table(`
和子:カズコ 幸子:サチコ 節子:セツコ 弘子:ヒロコ 京子:キョウコ 洋子:ヨウコ 恵子:ケイコ 久美子:クミコ
美代子:ミヨコ 信子:ノブコ 文子:フミコ 春子:ハルコ 千代子:チヨコ 静子:シズコ 敏子:トシコ 光子:ミツコ
悦子:エツコ 昭子:アキコ 照子:テルコ 弘美:ヒロミ 和江:カズエ 正子:マサコ 清子:キヨコ 富子:トミコ
ハツ:ハツ ミヨ:ミヨ 貞子:サダコ 八重子:ヤエコ 美智子:ミチコ 良子:ヨシコ 孝子:タカコ 君子:キミコ
`);

export const FEMALE_GIVEN_NAMES_MIDDLE = table(`
裕子:ユウコ 真由美:マユミ 由美子:ユミコ 直子:ナオコ 智子:トモコ 陽子:ヨウコ 明美:アケミ 恵美:エミ
美穂:ミホ 愛:アイ 香織:カオリ 麻衣:マイ 彩:アヤ 舞:マイ 沙織:サオリ 恵:メグミ
千尋:チヒロ 美咲:ミサキ 理恵:リエ 由佳:ユカ 瞳:ヒトミ 亜希子:アキコ 奈々:ナナ 綾香:アヤカ
美紀:ミキ 早紀:サキ 友美:トモミ 優子:ユウコ 純子:ジュンコ 久美:クミ 真理:マリ 佳奈:カナ
`);

export const FEMALE_GIVEN_NAMES_YOUNGER = table(`
陽葵:ヒマリ 凛:リン 結菜:ユイナ 葵:アオイ 芽依:メイ 紬:ツムギ 澪:ミオ 結愛:ユア
莉子:リコ 陽菜:ヒナ 咲良:サクラ 美桜:ミオ 杏:アン 心春:コハル 花:ハナ 楓:カエデ
柚葉:ユズハ 芽生:メイ 彩葉:イロハ 結月:ユヅキ 詩:ウタ ひまり:ヒマリ さくら:サクラ 美月:ミツキ
`);

/** Generation bands by birth year, matching the given-name tables above. */
export function givenNamePool(sex: 'female' | 'male', birthYear: number): Name[] {
  if (sex === 'male') {
    if (birthYear < 1960) return MALE_GIVEN_NAMES_OLDER;
    return birthYear < 2000 ? MALE_GIVEN_NAMES_MIDDLE : MALE_GIVEN_NAMES_YOUNGER;
  }
  if (birthYear < 1960) return FEMALE_GIVEN_NAMES_OLDER;
  return birthYear < 2000 ? FEMALE_GIVEN_NAMES_MIDDLE : FEMALE_GIVEN_NAMES_YOUNGER;
}
