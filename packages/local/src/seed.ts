/**
 * Demo data for `npm start`: a small Tokyo community with a few months of lightning-talk
 * nights behind it and three ahead. Everything goes through the repositories, so the demo
 * holds the same invariants (seat counts, waitlist order, talk limits) as real data.
 */
import type { Repositories } from '@ltc/data';
import {
  createEventSchema,
  registerSchema,
  submitTalkSchema,
  updateEventSchema,
  type Attendance,
  type CreateEventInput,
  type RegisterInput,
  type SubmitTalkInput,
  type TalkCategory,
  type Venue,
} from '@ltc/domain';

/** How much demo data was written. */
export interface SeedSummary {
  readonly events: number;
  /** Registrations made, including the few that are cancelled afterwards. */
  readonly registrations: number;
  /** Talks submitted, whatever their outcome. */
  readonly talks: number;
}

/**
 * Fills an empty table with the demo data `npm start` shows on its first run: three completed
 * nights and a cancelled one in the last three months, and three nights in the next five
 * weeks. Dates are relative to `now`; pass the repositories' own clock, since the event lists
 * tell past from upcoming by that clock.
 */
export async function seedDemoData(repositories: Repositories, now: Date): Promise<SeedSummary> {
  const plans = demoEvents(now);

  // Each event lives in its own partition and no write touches another event, so the events
  // are seeded side by side; within one event the order is kept, as the waitlist depends on it.
  await Promise.all(plans.map((plan) => seedEvent(repositories, plan)));

  return {
    events: plans.length,
    registrations: sum(plans.map((plan) => plan.attendees.length)),
    talks: sum(plans.map((plan) => plan.talks.length)),
  };
}

interface Person {
  readonly name: string;
  readonly email: string;
}

interface AttendeePlan {
  readonly person: Person;
  readonly attendance: Attendance;
  /** Cancels after everyone in the plan has registered. */
  readonly cancels: boolean;
}

type TalkOutcome = 'pending' | 'accepted' | 'rejected' | 'withdrawn';

interface TalkPlan {
  readonly speaker: Person;
  readonly category: TalkCategory;
  readonly title: string;
  readonly abstract: string;
  readonly slideUrl?: string;
  readonly outcome: TalkOutcome;
}

/** Where an event ends up: still ahead, held, or called off with a notice. */
type EventEnding =
  | { readonly kind: 'upcoming' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'cancelled'; readonly notice: string };

interface EventPlan {
  readonly event: CreateEventInput;
  /** In the order they register. */
  readonly attendees: readonly AttendeePlan[];
  /** In the order they are submitted; accepted ones also in running order. */
  readonly talks: readonly TalkPlan[];
  readonly ending: EventEnding;
}

async function seedEvent(repositories: Repositories, plan: EventPlan): Promise<void> {
  const { events, registrations, talks } = repositories;
  const event = await events.create(createEventSchema.parse(plan.event));

  const cancellations: { registrationId: string; token: string }[] = [];
  for (const attendee of plan.attendees) {
    const created = await registrations.register(event.id, registration(attendee));
    if (attendee.cancels) {
      cancellations.push({ registrationId: created.registration.id, token: created.manageToken });
    }
  }
  // After everyone registered, so a cancelled onsite seat passes to the head of the waitlist.
  for (const { registrationId, token } of cancellations) {
    await registrations.cancel(event.id, registrationId, token);
  }

  const runningOrder: string[] = [];
  for (const talk of plan.talks) {
    const { talk: submitted, manageToken } = await talks.submit(event.id, submission(talk));
    if (talk.outcome === 'accepted' || talk.outcome === 'rejected') {
      await talks.review(event.id, submitted.id, talk.outcome);
    } else if (talk.outcome === 'withdrawn') {
      await talks.withdraw(event.id, submitted.id, manageToken);
    }
    if (talk.outcome === 'accepted') runningOrder.push(submitted.id);
  }
  if (runningOrder.length > 0) await talks.setRunningOrder(event.id, runningOrder);

  switch (plan.ending.kind) {
    case 'upcoming':
      return;
    case 'completed':
      await events.update(
        event.id,
        updateEventSchema.parse({ registrationOpen: false, talkSubmissionOpen: false }),
      );
      await events.changeStatus(event.id, 'ongoing');
      await events.changeStatus(event.id, 'completed');
      return;
    case 'cancelled':
      await events.update(
        event.id,
        updateEventSchema.parse({
          description: plan.ending.notice,
          registrationOpen: false,
          talkSubmissionOpen: false,
        }),
      );
      await events.changeStatus(event.id, 'cancelled');
      return;
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function registration(attendee: AttendeePlan): RegisterInput {
  return registerSchema.parse({
    name: attendee.person.name,
    email: attendee.person.email,
    attendance: attendee.attendance,
  } satisfies RegisterInput);
}

function submission(talk: TalkPlan): SubmitTalkInput {
  return submitTalkSchema.parse({
    title: talk.title,
    abstract: talk.abstract,
    category: talk.category,
    speakerName: talk.speaker.name,
    speakerEmail: talk.speaker.email,
    slideUrl: talk.slideUrl,
  } satisfies SubmitTalkInput);
}

// ---------------------------------------------------------------------------------------------
// The community: regulars, venues and dates

const people = {
  haruka: { name: '佐藤 遥', email: 'haruka.sato@example.jp' },
  daisuke: { name: '鈴木 大輔', email: 'daisuke.suzuki@example.com' },
  misaki: { name: '高橋 美咲', email: 'misaki.takahashi@example.jp' },
  shota: { name: '田中 翔太', email: 'shota.tanaka@example.com' },
  aya: { name: '伊藤 彩', email: 'aya.ito@example.org' },
  kenichi: { name: '渡辺 健一', email: 'kenichi.watanabe@example.jp' },
  sakura: { name: '山本 さくら', email: 'sakura.yamamoto@example.com' },
  yuma: { name: '中村 悠真', email: 'yuma.nakamura@example.jp' },
  chihiro: { name: '小林 千尋', email: 'chihiro.kobayashi@example.org' },
  naoki: { name: '加藤 直樹', email: 'naoki.kato@example.com' },
  mayu: { name: '吉田 真由', email: 'mayu.yoshida@example.jp' },
  ren: { name: '山田 蓮', email: 'ren.yamada@example.com' },
  aoi: { name: '佐々木 葵', email: 'aoi.sasaki@example.jp' },
  takumi: { name: '山口 拓海', email: 'takumi.yamaguchi@example.org' },
  riko: { name: '松本 莉子', email: 'riko.matsumoto@example.com' },
  yosuke: { name: '井上 陽介', email: 'yosuke.inoue@example.jp' },
  reina: { name: '木村 玲奈', email: 'reina.kimura@example.com' },
  kazuya: { name: '林 和也', email: 'kazuya.hayashi@example.org' },
  yui: { name: '清水 結衣', email: 'yui.shimizu@example.jp' },
  sota: { name: '森 颯太', email: 'sota.mori@example.com' },
  saki: { name: '池田 紗希', email: 'saki.ikeda@example.jp' },
  ryo: { name: '橋本 亮', email: 'ryo.hashimoto@example.com' },
  hinata: { name: '阿部 ひなた', email: 'hinata.abe@example.org' },
  wataru: { name: '石川 航', email: 'wataru.ishikawa@example.jp' },
  nana: { name: '前田 奈々', email: 'nana.maeda@example.com' },
  makoto: { name: '藤田 誠', email: 'makoto.fujita@example.jp' },
  tomoko: { name: '岡田 智子', email: 'tomoko.okada@example.org' },
  hayato: { name: '後藤 隼人', email: 'hayato.goto@example.com' },
  mai: { name: '長谷川 舞', email: 'mai.hasegawa@example.jp' },
  daichi: { name: '村上 大地', email: 'daichi.murakami@example.com' },
  emily: { name: 'Emily Carter', email: 'emily.carter@example.com' },
  lucas: { name: 'Lucas Moreau', email: 'lucas.moreau@example.org' },
  priya: { name: 'Priya Raman', email: 'priya.raman@example.com' },
  minji: { name: 'Kim Minji', email: 'minji.kim@example.org' },
  an: { name: 'Nguyen Van An', email: 'an.nguyen@example.com' },
  daniel: { name: 'Daniel Becker', email: 'daniel.becker@example.org' },
  wei: { name: 'Chen Wei', email: 'wei.chen@example.com' },
  sofia: { name: 'Sofia Rossi', email: 'sofia.rossi@example.org' },
} as const satisfies Record<string, Person>;

const community: readonly Person[] = Object.values(people);

/** `count` members of the community from `start` on, wrapping round: the same faces return. */
function members(start: number, count: number): Person[] {
  return [...community.slice(start), ...community.slice(0, start)].slice(0, count);
}

function attending(
  onsite: readonly Person[],
  online: readonly Person[],
  cancelling: readonly Person[] = [],
): AttendeePlan[] {
  const plan = (person: Person, attendance: Attendance): AttendeePlan => ({
    person,
    attendance,
    cancels: cancelling.includes(person),
  });
  return [
    ...onsite.map((person) => plan(person, 'onsite')),
    ...online.map((person) => plan(person, 'online')),
  ];
}

const venues = {
  dogenzaka: {
    name: '渋谷・道玄坂のコワーキングスペース',
    address: '東京都渋谷区道玄坂2-10-7 道玄坂テラス 6F',
  },
  nishikicho: {
    name: '神田・錦町のシェアオフィス「ニシキラウンジ」',
    address: '東京都千代田区神田錦町3-21 錦町スクエア 3F',
  },
  sangenjaya: {
    name: '三軒茶屋のブックカフェ 2階貸切スペース',
    address: '東京都世田谷区三軒茶屋2-14-7 茶屋坂ビル 2F',
  },
} as const satisfies Record<string, Venue>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Tokyo has no daylight saving time, so its offset is always +09:00. */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const FRIDAY = 5;
const WEDNESDAY = 3;
const SATURDAY = 6;

/** A Tokyo calendar date: the given weekday nearest to `days` days from `now`. */
function tokyoDate(now: Date, days: number, weekday: number): Date {
  const target = new Date(now.getTime() + TOKYO_OFFSET_MS + days * DAY_MS);
  let shift = (weekday - target.getUTCDay() + 7) % 7;
  if (shift > 3) shift -= 7;
  return new Date(target.getTime() + shift * DAY_MS);
}

/** Start and end on a Tokyo date, written with the +09:00 offset as organizers type them. */
function tokyoTimes(date: Date, from: string, to: string): { startsAt: string; endsAt: string } {
  const day = date.toISOString().slice(0, 10);
  return { startsAt: `${day}T${from}:00+09:00`, endsAt: `${day}T${to}:00+09:00` };
}

/** Why an evening had to be called off, plausible for the month it fell in. */
function cancellationReason(date: Date): string {
  const month = date.getUTCMonth() + 1;
  if (month >= 7 && month <= 10) return '台風の接近で交通機関の計画運休が発表された';
  if (month === 1 || month === 2) return '大雪警報が出て帰りの電車が止まるおそれがあった';
  return '会場ビルで電気設備の緊急点検が入り、当日の停電が決まった';
}

/** The plan, oldest event first. */
function demoEvents(now: Date): EventPlan[] {
  return [
    night38(now),
    night39(now),
    night40Cancelled(now),
    englishNight4(now),
    night41(now),
    englishNight5Online(now),
    beginnersNight3(now),
  ];
}

const EVENING = ['19:00', '21:00'] as const;

// ---------------------------------------------------------------------------------------------
// Past nights

function night38(now: Date): EventPlan {
  return {
    event: {
      title: 'LT Night #38 なんでもありの5分間',
      description:
        '月に一度の、5分間ライトニングトークの夜です。仕事の話でも趣味の話でも、5分で話せることならテーマは自由。会場でもオンラインでも参加できます。\n\n' +
        '19:00 開場・受付 / 19:20 トーク開始 / 20:40 交流タイム / 21:00 撤収',
      ...tokyoTimes(tokyoDate(now, -91, FRIDAY), ...EVENING),
      timeZone: 'Asia/Tokyo',
      format: 'hybrid',
      venue: venues.dogenzaka,
      onsiteCapacity: 30,
      onlineUrl: 'https://meet.example.com/ltc-night-38',
      registrationOpen: true,
      talkSubmissionOpen: true,
      talkLimit: 8,
      talkMinutes: 5,
    },
    attendees: attending(members(0, 16), members(16, 6), [people.kazuya]),
    talks: [
      {
        speaker: people.shota,
        category: 'garden',
        title: '週末だけで作った家庭菜園IoT',
        abstract:
          'ベランダのプランター3つに土壌水分センサーとRaspberry Pi Picoを挿して、水やりのタイミングをスマホに通知するまでの記録です。はんだ付け初心者がつまずいた3つのポイントと、ミニトマトの収穫量が本当に増えたのかを正直にお話しします。',
        slideUrl: 'https://slides.example.com/shota/balcony-garden-iot',
        outcome: 'accepted',
      },
      {
        speaker: people.misaki,
        category: 'lifehack',
        title: '積読を減らす技術',
        abstract:
          '本が積み上がるのは意志が弱いからではなく、仕組みの問題でした。「15分だけ読む」タイマー、目次だけ読む日、手放す基準の3つで、1年かけて積読を42冊から9冊まで減らした方法を紹介します。',
        outcome: 'accepted',
      },
      {
        speaker: people.chihiro,
        category: 'pet',
        title: '猫と暮らすためのスマートホーム',
        abstract:
          '留守のあいだ2匹の猫が快適に過ごせるよう、室温・自動給餌器・トイレの様子を市販のスマート家電だけで見守れるようにしました。猫がスイッチを踏んで真夏にエアコンが止まった事件と、その対策もあわせて。',
        slideUrl: 'https://slides.example.com/chihiro/smart-home-for-cats',
        outcome: 'accepted',
      },
      {
        speaker: people.yuma,
        category: 'tech',
        title: 'Rustで書くゲームボーイエミュレータ',
        abstract:
          'CPUの命令を1つずつ実装して、起動画面のロゴが表示されるまでの道のり。仕事が立て込んでしまったため、今回は辞退して次の機会にお話しします。',
        outcome: 'withdrawn',
      },
      {
        speaker: people.naoki,
        category: 'money',
        title: '家計簿を3年続けてわかった、固定費の見直し順',
        abstract:
          'レシートを撮るだけの家計簿を3年続けたら、節約のために頑張るべきなのは食費ではありませんでした。通信費・保険・サブスクの順に見直して、月2万3千円浮いた手順を数字つきで共有します。',
        outcome: 'accepted',
      },
      {
        speaker: people.yosuke,
        category: 'other',
        title: '弊社クラウド会計サービスのご紹介',
        abstract:
          '当社サービスの新機能と導入事例、期間限定のキャンペーンについてご案内します。資料請求はブースまで。',
        outcome: 'rejected',
      },
      {
        speaker: people.aya,
        category: 'game',
        title: 'ボードゲームカフェで学んだ、ルール説明がうまい人の話し方',
        abstract:
          'ボードゲームカフェで週末だけスタッフをしています。初対面の4人に10分でルールを伝えるとき、うまい人は「勝ち方」から話し始めます。LTにもそのまま使える、説明の順番の組み立て方を紹介します。',
        outcome: 'accepted',
      },
      {
        speaker: people.sakura,
        category: 'food',
        title: 'フライパンから始める自家焙煎コーヒー',
        abstract:
          '生豆を買って、家のフライパンで焙煎しています。煙と豆の皮との戦い、ハゼの音の聞き分け方、浅煎りと深煎りで同じ豆がどれだけ変わるか。会場の皆さんには焙煎3日目の豆を少しだけお持ちします。',
        slideUrl: 'https://slides.example.com/sakura/frying-pan-roast',
        outcome: 'accepted',
      },
    ],
    ending: { kind: 'completed' },
  };
}

function night39(now: Date): EventPlan {
  return {
    event: {
      title: 'LT Night #39 食と旅と、ときどき技術',
      description:
        '今回はゆるく「食と旅」をテーマにしました。もちろんテーマ外のトークも大歓迎です。会場は神田のシェアオフィス、オンライン配信もあります。\n\n' +
        '軽食とソフトドリンクを用意しています（参加費無料）。アレルギーのある方は受付でお声がけください。',
      ...tokyoTimes(tokyoDate(now, -61, FRIDAY), ...EVENING),
      timeZone: 'Asia/Tokyo',
      format: 'hybrid',
      venue: venues.nishikicho,
      onsiteCapacity: 24,
      onlineUrl: 'https://meet.example.com/ltc-night-39',
      registrationOpen: true,
      talkSubmissionOpen: true,
      talkLimit: 10,
      talkMinutes: 5,
    },
    attendees: attending(members(8, 20), members(28, 8), [people.hinata, people.emily]),
    talks: [
      {
        speaker: people.kazuya,
        category: 'travel',
        title: '青春18きっぷで東京から鹿児島まで：乗り換え31回の記録',
        abstract:
          '普通列車だけで東京から鹿児島中央まで、3日かけて移動しました。乗り換えアプリが教えてくれない「座れる車両」の見つけ方、駅そばの食べ比べ、旅程が崩れたときの立て直し方をお話しします。',
        slideUrl: 'https://slides.example.com/kazuya/seishun18-kagoshima',
        outcome: 'accepted',
      },
      {
        speaker: people.yui,
        category: 'food',
        title: 'ぬか床と1年付き合ってみた',
        abstract:
          'ワンルームの冷蔵庫で始めたぬか床が、1年たっても元気です。毎日かき混ぜられない人のための冷蔵庫管理、旅行中の預け方、意外においしかった漬物ベスト3を紹介します。',
        outcome: 'accepted',
      },
      {
        speaker: people.ren,
        category: 'tech',
        title: 'TypeScriptの型でアルバイトのシフト表を検証する',
        abstract:
          '実家の店のシフト表を、手作業で確認するのをやめました。「同じ人が連続で夜勤にならない」といったルールを型とテストで表すと、何がうれしくて、どこからが型の役目ではないのか。5分で話せるところまで。',
        slideUrl: 'https://slides.example.com/ren/typed-shift-schedule',
        outcome: 'accepted',
      },
      {
        speaker: people.sota,
        category: 'tech',
        title: '生成AIで業務を全部自動化するライブデモ（15分）',
        abstract:
          '社内の定型業務を生成AIでまるごと置き換えたデモを、15分かけて最初から最後までお見せします。',
        outcome: 'rejected',
      },
      {
        speaker: people.aoi,
        category: 'lifehack',
        title: '朝5時起きを3ヶ月続けるためにやめたこと',
        abstract:
          '早起きのコツは「起きる工夫」より「夜にやめること」でした。夜のスマホ、23時以降の家事、週末の寝だめ。やめた順番と、続かなかった週に何が起きていたかを振り返ります。',
        outcome: 'accepted',
      },
      {
        speaker: people.makoto,
        category: 'music',
        title: '40歳からのウクレレ、人前で1曲弾けるまで',
        abstract:
          '楽譜も読めない状態から始めて8ヶ月。コード4つで弾ける曲の選び方、毎日10分の練習メニュー、はじめて人前で弾いたときに手が震えた話。最後に30秒だけ弾きます。',
        outcome: 'accepted',
      },
      {
        speaker: people.tomoko,
        category: 'pet',
        title: 'ベランダのメダカ、5世代目になりました',
        abstract:
          '発泡スチロールの箱2つから始めたメダカの飼育が、気づけば5世代目。水換えの頻度、冬越しの工夫、色の濃い個体を残していくと何が起きるのかを写真と一緒にお見せします。',
        slideUrl: 'https://slides.example.com/tomoko/medaka-five-generations',
        outcome: 'accepted',
      },
      {
        speaker: people.nana,
        category: 'money',
        title: 'ふるさと納税の返礼品を「食費」として計算してみた',
        abstract:
          '返礼品のお米やお肉を1年分記録して、実質的に食費がいくら浮いたのかを計算しました。上限額の確認方法と、冷凍庫がいっぱいになる問題への対処法もあわせて。',
        outcome: 'accepted',
      },
    ],
    ending: { kind: 'completed' },
  };
}

function night40Cancelled(now: Date): EventPlan {
  const date = tokyoDate(now, -45, FRIDAY);
  return {
    event: {
      title: 'LT Night #40 ゲームと音楽の夜',
      description:
        'ゲームと音楽をテーマにしたLTナイトです。プレイ日記、自作の曲、推しの作曲家の話など、5分で語れる「好き」をお待ちしています。',
      ...tokyoTimes(date, ...EVENING),
      timeZone: 'Asia/Tokyo',
      format: 'hybrid',
      venue: venues.dogenzaka,
      onsiteCapacity: 30,
      onlineUrl: 'https://meet.example.com/ltc-night-40',
      registrationOpen: true,
      talkSubmissionOpen: true,
      talkLimit: 8,
      talkMinutes: 5,
    },
    attendees: attending(members(3, 6), members(12, 2)),
    talks: [],
    ending: {
      kind: 'cancelled',
      notice:
        `【中止のお知らせ】${cancellationReason(date)}ため、今回の開催は中止しました。` +
        'ご登録いただいた皆さま、登壇を予定していた皆さま、申し訳ありません。予定していたトークは次回以降にお話しいただけるよう、個別にご連絡しています。',
    },
  };
}

function englishNight4(now: Date): EventPlan {
  return {
    event: {
      title: 'English LT Night #4: Small Obsessions',
      description:
        'Lightning talks in English, five minutes each, about anything you care about a little too much. ' +
        'Non-native speakers and first-time speakers are very welcome; nobody is judging your grammar. ' +
        '日本語での質問もOKです。\n\nDoors open at 19:00, first talk at 19:20, drinks and chat until 21:00.',
      ...tokyoTimes(tokyoDate(now, -30, FRIDAY), ...EVENING),
      timeZone: 'Asia/Tokyo',
      format: 'hybrid',
      venue: venues.dogenzaka,
      onsiteCapacity: 20,
      onlineUrl: 'https://meet.example.com/ltc-english-4',
      registrationOpen: true,
      talkSubmissionOpen: true,
      talkLimit: 8,
      talkMinutes: 5,
    },
    attendees: attending(members(26, 12), members(0, 8), [people.haruka]),
    talks: [
      {
        speaker: people.daniel,
        category: 'sports',
        title: 'What I learned running 100 km',
        abstract:
          'Last autumn I finished my first 100 km ultramarathon, around the Fuji Five Lakes, in 13 hours and 40 minutes. ' +
          'Five minutes on what actually mattered: eating before you are hungry, walking the hills on purpose, ' +
          'and why the last 20 km are run with your head rather than your legs.',
        slideUrl: 'https://slides.example.com/daniel/100km',
        outcome: 'accepted',
      },
      {
        speaker: people.emily,
        category: 'learning',
        title: 'Learning Japanese from home-cooking videos',
        abstract:
          'I put the textbook away and started following Japanese home-cooking channels instead. ' +
          'Recipes repeat the same verbs, counters and onomatopoeia over and over, which makes them a surprisingly good ' +
          'spaced-repetition course. My setup, and what 200 recipes did for my listening.',
        outcome: 'accepted',
      },
      {
        speaker: people.lucas,
        category: 'garden',
        title: 'Growing chili peppers on a windy Tokyo balcony',
        abstract:
          'Eleven varieties, two square metres, one very windy sixth floor. What survived the rainy season, ' +
          'what the pigeons ate, and how I ended up bottling hot sauce for the whole office.',
        slideUrl: 'https://slides.example.com/lucas/balcony-chili',
        outcome: 'accepted',
      },
      {
        speaker: people.wei,
        category: 'travel',
        title: 'A beginner-friendly trail loop in Okutama',
        abstract:
          'A 12 km loop two hours from Shinjuku by train, with a river, a suspension bridge and an onsen at the end. ' +
          'Maps, timings and what to pack.',
        outcome: 'withdrawn',
      },
      {
        speaker: people.minji,
        category: 'game',
        title: 'Why I speedrun a 30-year-old platformer',
        abstract:
          'My personal best is 11 minutes 52 seconds and I have spent about 600 hours getting there. ' +
          'What practising one tiny jump a thousand times taught me about learning anything, and why the community around an old game is the best part.',
        outcome: 'accepted',
      },
      {
        speaker: people.an,
        category: 'food',
        title: 'Cooking phở for twenty people on a student budget',
        abstract:
          'Broth for twenty needs one very large pot, eight hours and fewer ingredients than you think. ' +
          'Where to buy the spices in Tokyo, how to scale the recipe, and how to keep the broth clear.',
        outcome: 'accepted',
      },
      {
        speaker: people.priya,
        category: 'money',
        title: 'I built a budget app for my family, and nobody used it',
        abstract:
          'A shared expense tracker with a lovely dashboard, built over three weekends. Six weeks later only I was opening it. ' +
          'What I learned about building for people who did not ask for it, and the shared spreadsheet that replaced it.',
        slideUrl: 'https://slides.example.com/priya/family-budget-app',
        outcome: 'accepted',
      },
    ],
    ending: { kind: 'completed' },
  };
}

// ---------------------------------------------------------------------------------------------
// Nights ahead

/** The hybrid night: a small venue, full, with a waitlist and the program still filling up. */
function night41(now: Date): EventPlan {
  const onsite = members(4, 16);
  return {
    event: {
      title: 'LT Night #41 小さな会場で、近い距離の5分間',
      description:
        '今回は三軒茶屋のブックカフェを貸し切っての開催です。会場は12席のみで、満席後はキャンセル待ちとして受け付けます（空きが出たら登録順にご案内します）。' +
        'オンライン参加は人数制限なし。トークの応募も受付中です。\n\nカフェのドリンクは各自でご注文ください。',
      ...tokyoTimes(tokyoDate(now, 10, FRIDAY), ...EVENING),
      timeZone: 'Asia/Tokyo',
      format: 'hybrid',
      venue: venues.sangenjaya,
      onsiteCapacity: 12,
      onlineUrl: 'https://meet.example.com/ltc-night-41',
      registrationOpen: true,
      talkSubmissionOpen: true,
      talkLimit: 6,
      talkMinutes: 5,
    },
    // 16 onsite for 12 seats: 4 go to the waitlist, then one seat frees up and the first of
    // them moves in, leaving 12 confirmed and 3 waiting.
    attendees: attending(onsite, members(22, 5), onsite.slice(7, 8)),
    talks: [
      {
        speaker: people.riko,
        category: 'hobby',
        title: '100円ショップの材料だけで作るジオラマ',
        abstract:
          '紙粘土、ティッシュ、茶こし、木工用ボンド。全部100円ショップでそろえて、手のひらサイズの「雨上がりの路地」を作りました。材料ごとの使い道と、それっぽく見せる汚しのコツを紹介します。',
        slideUrl: 'https://slides.example.com/riko/100yen-diorama',
        outcome: 'accepted',
      },
      {
        speaker: people.wataru,
        category: 'learning',
        title: '子どもとScratchを始めたら、親のほうが夢中になった',
        abstract:
          '小学2年生の娘とScratchでゲームを作り始めて半年。教えるつもりが教わってばかりでした。子どもが自分でつまずきを直せるようになった声かけと、親子で作ったゲームを少しだけお見せします。',
        outcome: 'accepted',
      },
      {
        speaker: people.hayato,
        category: 'sports',
        title: 'フィットボクシングを365日続けた結果',
        abstract:
          'ゲーム機のフィットネスソフトを1日も休まず1年続けました。体重と体脂肪率の推移、飽きそうになった月の乗り越え方、続けるために部屋のレイアウトまで変えた話です。',
        outcome: 'pending',
      },
      {
        speaker: people.daichi,
        category: 'other',
        title: 'サウナの「ととのう」を心拍数で測ってみた',
        abstract:
          'スマートウォッチをつけたまま、サウナ・水風呂・外気浴を3セット。心拍数の記録を並べると、「ととのった」と感じた瞬間に何が起きていたのかが見えてきました。',
        slideUrl: 'https://slides.example.com/daichi/sauna-heart-rate',
        outcome: 'accepted',
      },
      {
        speaker: people.mai,
        category: 'garden',
        title: '豆苗は何回まで再生できるのか',
        abstract:
          'スーパーで買った豆苗を、キッチンの窓辺で再生栽培し続けています。水の替え方と日当たりを変えながら記録した、収穫3回目以降の伸び方の違いを報告します。',
        outcome: 'pending',
      },
    ],
    ending: { kind: 'upcoming' },
  };
}

function englishNight5Online(now: Date): EventPlan {
  return {
    event: {
      title: 'English LT Night #5 (online)',
      description:
        'Our English lightning-talk night goes fully online this time, so friends outside Tokyo can join too. ' +
        'Five-minute talks on any topic, questions in the chat, camera optional. Starts at 20:00 Japan time.',
      ...tokyoTimes(tokyoDate(now, 21, WEDNESDAY), '20:00', '21:30'),
      timeZone: 'Asia/Tokyo',
      format: 'online',
      onsiteCapacity: 0,
      onlineUrl: 'https://meet.example.com/ltc-english-5',
      registrationOpen: true,
      talkSubmissionOpen: true,
      talkLimit: 8,
      talkMinutes: 5,
    },
    attendees: attending([], members(30, 5)),
    talks: [],
    ending: { kind: 'upcoming' },
  };
}

function beginnersNight3(now: Date): EventPlan {
  return {
    event: {
      title: 'はじめてのLT #3 ― 5分、話してみませんか',
      description:
        '人前で話すのがはじめての人のための回です。テーマは自由、スライドなしでもかまいません。' +
        '冒頭に15分の「LTのつくりかた」ミニ講座があり、登壇する方には事前にスライドの相談にも乗ります。\n\n' +
        '聞くだけの参加も大歓迎です。',
      ...tokyoTimes(tokyoDate(now, 35, SATURDAY), '14:00', '17:00'),
      timeZone: 'Asia/Tokyo',
      format: 'onsite',
      venue: venues.nishikicho,
      onsiteCapacity: 40,
      registrationOpen: true,
      talkSubmissionOpen: true,
      talkLimit: 10,
      talkMinutes: 5,
    },
    attendees: attending(members(10, 4), []),
    talks: [],
    ending: { kind: 'upcoming' },
  };
}
