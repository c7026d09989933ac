-- Relief programmes (catalogue with form definitions), applications with their full history,
-- attachments kept as files outside the database, and application entries in the inbox.

CREATE TABLE relief_programmes (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_ja text NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 100),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  summary_ja text NOT NULL,
  summary_en text NOT NULL,
  -- One live application per household (condolence payments, certificates of one dwelling…).
  one_per_household boolean NOT NULL,
  -- The role that reviews it; admins may always review.
  reviewer_role text NOT NULL CHECK (reviewer_role IN ('hq_operator', 'shelter_staff', 'admin')),
  -- What approval leads to: a document issued, or money paid.
  outcome text NOT NULL CHECK (outcome IN ('issued', 'paid')),
  -- Approval issues a PDF certificate at once (罹災証明書).
  issues_certificate boolean NOT NULL DEFAULT false,
  -- Data, validated by the server's zod schema when loaded (relief/form-definition.ts).
  form jsonb NOT NULL,
  attachments jsonb NOT NULL,
  sort_order integer NOT NULL,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE relief_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_code text NOT NULL REFERENCES relief_programmes (code),
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  household_id uuid REFERENCES households (id),
  -- The household (or the person when they have none) for one-per-household programmes; NULL
  -- otherwise. Bound by the partial unique index below, so two racing applications cannot both win.
  household_key uuid,
  -- Home municipality at creation, for the review queue filter.
  municipality_code char(5),
  state text NOT NULL DEFAULT 'draft' CHECK (state IN (
    'draft', 'submitted', 'under_review', 'correction_requested', 'resubmitted',
    'approved', 'rejected', 'issued', 'paid')),
  -- What the resident typed, validated against the programme's form definition.
  answers jsonb NOT NULL DEFAULT '{}',
  -- The registry's data (name, address, household) as of the last save: never typed by the resident.
  registry jsonb NOT NULL,
  -- Where documents go when the resident lives elsewhere now (reissue requests).
  mailing_postal_code text CHECK (mailing_postal_code ~ '^[0-9]{3}-?[0-9]{4}$'),
  mailing_address text CHECK (length(mailing_address) BETWEEN 1 AND 300),
  -- The open correction request: which fields and attachments to fix.
  correction_fields text[] NOT NULL DEFAULT '{}',
  correction_note text CHECK (length(correction_note) <= 1000),
  decision_reason text CHECK (length(decision_reason) <= 1000),
  -- The damage level the municipality's survey found, certified on approval (罹災証明書).
  certified_damage_level text CHECK (certified_damage_level IN (
    'total', 'large_half', 'medium_half', 'half', 'quasi_half', 'partial')),
  certificate_number text UNIQUE,
  certificate_issued_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((certificate_number IS NULL) = (certificate_issued_at IS NULL))
);
CREATE INDEX relief_applications_resident_idx ON relief_applications (resident_id, created_at DESC);
CREATE INDEX relief_applications_queue_idx ON relief_applications (state, submitted_at);
CREATE INDEX relief_applications_programme_idx ON relief_applications (programme_code, state, submitted_at);
CREATE UNIQUE INDEX relief_applications_one_per_household_key
  ON relief_applications (programme_code, household_key)
  WHERE household_key IS NOT NULL AND state <> 'rejected';

-- Every state change: who, when, why. Append-only by convention of the service.
CREATE TABLE relief_application_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES relief_applications (id) ON DELETE CASCADE,
  from_state text,
  to_state text NOT NULL,
  actor_user_id uuid REFERENCES users (id),
  actor_role text NOT NULL CHECK (actor_role IN ('resident', 'shelter_staff', 'hq_operator', 'admin', 'system')),
  reason text CHECK (length(reason) <= 1000),
  fields text[] NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX relief_application_events_application_idx ON relief_application_events (application_id, id);

-- Files live in ATTACHMENTS_DIR under `storage_key`; the row is written in the same transaction
-- that renames the checked temp file into place.
CREATE TABLE relief_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES relief_applications (id) ON DELETE CASCADE,
  slot text NOT NULL CHECK (slot ~ '^[a-z][a-zA-Z0-9]{0,39}$'),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/heic', 'application/pdf')),
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text CHECK (length(file_name) BETWEEN 1 AND 200),
  storage_key text NOT NULL UNIQUE,
  uploaded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX relief_attachments_application_idx ON relief_attachments (application_id, created_at);

-- Inbox entries for application state changes.
ALTER TABLE inbox_items
  ADD COLUMN application_id uuid REFERENCES relief_applications (id) ON DELETE CASCADE,
  ADD COLUMN application_event_id bigint REFERENCES relief_application_events (id) ON DELETE CASCADE;
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_kind_check;
ALTER TABLE inbox_items ADD CONSTRAINT inbox_items_kind_check CHECK (kind IN ('alert', 'notice', 'application'));
ALTER TABLE inbox_items ADD CONSTRAINT inbox_items_application_check CHECK (
  (kind = 'application') = (application_id IS NOT NULL AND application_event_id IS NOT NULL)
);
CREATE INDEX inbox_items_application_idx ON inbox_items (application_id) WHERE application_id IS NOT NULL;

-- The catalogue. Help texts summarise the municipal guidance; amounts and rules vary by city.
INSERT INTO relief_programmes (code, name_ja, name_en, summary_ja, summary_en, one_per_household, reviewer_role,
                               outcome, issues_certificate, form, attachments, sort_order) VALUES
('damage_certificate', '罹災証明書', 'Damage certificate (risai shōmeisho)',
 '住家の被害の程度を市町村が調査し証明します。支援金・保険・税の減免などの申請に使います。',
 'The municipality surveys and certifies how badly your home was damaged. Used for support grants, insurance and tax relief.',
 true, 'hq_operator', 'issued', true,
 '{"version":1,"fields":[
   {"key":"applicantName","type":"registry","source":"name","label":{"ja":"申請者氏名","en":"Applicant"}},
   {"key":"homeAddress","type":"registry","source":"address","label":{"ja":"被災住家の所在地","en":"Address of the damaged home"}},
   {"key":"household","type":"registry","source":"household","label":{"ja":"世帯員","en":"Household members"}},
   {"key":"disasterDate","type":"date","required":true,"notAfterToday":true,"label":{"ja":"被災日","en":"Date of the damage"},"help":{"ja":"地震など災害が起きた日です。","en":"The day the earthquake or other disaster struck."}},
   {"key":"buildingType","type":"select","required":true,"label":{"ja":"住家の種類","en":"Type of home"},"options":[
     {"value":"detached","label":{"ja":"一戸建て","en":"Detached house"}},
     {"value":"apartment","label":{"ja":"集合住宅","en":"Apartment"}},
     {"value":"other","label":{"ja":"その他","en":"Other"}}]},
   {"key":"ownership","type":"select","required":true,"label":{"ja":"所有関係","en":"Ownership"},"options":[
     {"value":"owner","label":{"ja":"持ち家","en":"Owned"}},
     {"value":"tenant","label":{"ja":"借家","en":"Rented"}}]},
   {"key":"damageDescription","type":"textarea","required":true,"maxLength":1000,"label":{"ja":"被害の状況","en":"What was damaged"},"help":{"ja":"傾き、屋根、壁、浸水など、わかる範囲で書いてください。","en":"Describe tilting, roof, walls, flooding and so on, as far as you know."}},
   {"key":"purpose","type":"select","required":true,"label":{"ja":"使用目的","en":"What you need it for"},"options":[
     {"value":"support_grant","label":{"ja":"支援金の申請","en":"Support grant application"}},
     {"value":"insurance","label":{"ja":"保険の請求","en":"Insurance claim"}},
     {"value":"tax_relief","label":{"ja":"税・保険料の減免","en":"Tax or premium relief"}},
     {"value":"housing","label":{"ja":"仮設住宅の申込み","en":"Temporary housing"}},
     {"value":"other","label":{"ja":"その他","en":"Other"}}]},
   {"key":"copies","type":"number","required":true,"integer":true,"min":1,"max":5,"label":{"ja":"必要部数","en":"Copies needed"}}
 ]}',
 '[{"key":"damagePhotos","required":true,"max":10,"label":{"ja":"被害状況の写真","en":"Photos of the damage"},"help":{"ja":"建物の外観（四方向）と被害箇所を撮影してください。","en":"Photograph the building from all four sides and each damaged part."}}]',
 10),
('condolence_payment', '災害見舞金', 'Disaster condolence payment',
 '住家に被害を受けた世帯に市町村が見舞金を支給します。',
 'The municipality pays a sympathy sum to households whose home was damaged.',
 true, 'hq_operator', 'paid', false,
 '{"version":1,"fields":[
   {"key":"applicantName","type":"registry","source":"name","label":{"ja":"申請者氏名","en":"Applicant"}},
   {"key":"homeAddress","type":"registry","source":"address","label":{"ja":"住所","en":"Address"}},
   {"key":"household","type":"registry","source":"household","label":{"ja":"世帯員","en":"Household members"}},
   {"key":"damageLevel","type":"select","required":true,"label":{"ja":"被害の程度（罹災証明書）","en":"Damage level (damage certificate)"},"help":{"ja":"罹災証明書に記載された区分を選んでください。","en":"Choose the level written on your damage certificate."},"options":[
     {"value":"total","label":{"ja":"全壊","en":"Total collapse"}},
     {"value":"large_half","label":{"ja":"大規模半壊","en":"Large-scale half collapse"}},
     {"value":"medium_half","label":{"ja":"中規模半壊","en":"Medium-scale half collapse"}},
     {"value":"half","label":{"ja":"半壊","en":"Half collapse"}},
     {"value":"quasi_half","label":{"ja":"準半壊","en":"Quasi half collapse"}},
     {"value":"partial","label":{"ja":"一部損壊","en":"Partial damage"}}]},
   {"key":"bankName","type":"text","required":true,"maxLength":60,"label":{"ja":"金融機関名","en":"Bank"}},
   {"key":"branchName","type":"text","required":true,"maxLength":60,"label":{"ja":"支店名","en":"Branch"}},
   {"key":"accountType","type":"select","required":true,"label":{"ja":"口座種別","en":"Account type"},"options":[
     {"value":"ordinary","label":{"ja":"普通","en":"Ordinary"}},
     {"value":"current","label":{"ja":"当座","en":"Current"}}]},
   {"key":"accountNumber","type":"text","required":true,"pattern":"^[0-9]{7}$","maxLength":7,"label":{"ja":"口座番号","en":"Account number"},"help":{"ja":"7桁の数字","en":"Seven digits"}},
   {"key":"accountHolderKana","type":"text","required":true,"maxLength":60,"pattern":"^[ァ-ヶー　 ]+$","label":{"ja":"口座名義（カナ）","en":"Account holder (katakana)"}}
 ]}',
 '[{"key":"bankBook","required":true,"max":2,"label":{"ja":"通帳またはキャッシュカードの写し","en":"Copy of the bank book or cash card"}},
   {"key":"damageCertificateCopy","required":false,"max":2,"label":{"ja":"罹災証明書の写し（この窓口で発行済みなら不要）","en":"Copy of the damage certificate (not needed if issued here)"}}]',
 20),
('livelihood_support', '被災者生活再建支援金', 'Livelihood recovery support grant',
 '住宅が全壊・大規模半壊などの被害を受けた世帯に、基礎支援金と加算支援金を支給します。',
 'A basic grant and an additional grant for households whose home was destroyed or badly damaged.',
 true, 'hq_operator', 'paid', false,
 '{"version":1,"fields":[
   {"key":"applicantName","type":"registry","source":"name","label":{"ja":"世帯主氏名","en":"Head of household"}},
   {"key":"homeAddress","type":"registry","source":"address","label":{"ja":"被災時の住所","en":"Address at the time of the disaster"}},
   {"key":"household","type":"registry","source":"household","label":{"ja":"世帯員","en":"Household members"},"help":{"ja":"世帯の人数で支給額が変わります。","en":"The amount depends on the number of people in the household."}},
   {"key":"damageLevel","type":"select","required":true,"label":{"ja":"住宅の被害程度","en":"Damage to the home"},"options":[
     {"value":"total","label":{"ja":"全壊","en":"Total collapse"}},
     {"value":"demolished","label":{"ja":"解体","en":"Demolished"}},
     {"value":"long_term","label":{"ja":"長期避難","en":"Long-term evacuation"}},
     {"value":"large_half","label":{"ja":"大規模半壊","en":"Large-scale half collapse"}},
     {"value":"medium_half","label":{"ja":"中規模半壊","en":"Medium-scale half collapse"}}]},
   {"key":"rebuildingPlan","type":"select","required":true,"label":{"ja":"住宅の再建方法","en":"How you will rebuild"},"help":{"ja":"未定の場合は基礎支援金のみ先に申請できます。","en":"If undecided you can apply for the basic grant first."},"options":[
     {"value":"build_or_buy","label":{"ja":"建設・購入","en":"Build or buy"}},
     {"value":"repair","label":{"ja":"補修","en":"Repair"}},
     {"value":"rent","label":{"ja":"賃借（公営住宅以外）","en":"Rent (not public housing)"}},
     {"value":"undecided","label":{"ja":"未定","en":"Undecided"}}]},
   {"key":"bankName","type":"text","required":true,"maxLength":60,"label":{"ja":"金融機関名","en":"Bank"}},
   {"key":"branchName","type":"text","required":true,"maxLength":60,"label":{"ja":"支店名","en":"Branch"}},
   {"key":"accountNumber","type":"text","required":true,"pattern":"^[0-9]{7}$","maxLength":7,"label":{"ja":"口座番号","en":"Account number"},"help":{"ja":"7桁の数字","en":"Seven digits"}}
 ]}',
 '[{"key":"damageCertificateCopy","required":true,"max":2,"label":{"ja":"罹災証明書の写し","en":"Copy of the damage certificate"}},
   {"key":"bankBook","required":true,"max":2,"label":{"ja":"通帳の写し","en":"Copy of the bank book"}}]',
 30),
('health_insurance_reissue', '国民健康保険証の再発行', 'National Health Insurance card reissue',
 '避難で紛失・破損した保険証（資格確認書）を再発行し、今お住まいの住所へ郵送します。',
 'Reissues a health insurance card lost or damaged in the evacuation and mails it to where you live now.',
 false, 'hq_operator', 'issued', false,
 '{"version":1,"collectsMailingAddress":true,"fields":[
   {"key":"applicantName","type":"registry","source":"name","label":{"ja":"被保険者氏名","en":"Insured person"}},
   {"key":"birthDate","type":"registry","source":"birthDate","label":{"ja":"生年月日","en":"Date of birth"}},
   {"key":"homeAddress","type":"registry","source":"address","label":{"ja":"住民登録の住所","en":"Registered address"}},
   {"key":"insuredNumber","type":"text","required":false,"maxLength":20,"pattern":"^[0-9A-Za-z-]+$","label":{"ja":"記号・番号（わかれば）","en":"Card symbol and number (if known)"}},
   {"key":"reason","type":"select","required":true,"label":{"ja":"再発行の理由","en":"Reason"},"options":[
     {"value":"lost","label":{"ja":"紛失","en":"Lost"}},
     {"value":"damaged","label":{"ja":"破損・汚損","en":"Damaged"}},
     {"value":"left_behind","label":{"ja":"自宅に残したまま","en":"Left at home"}}]},
   {"key":"mailingPostalCode","type":"text","required":true,"pattern":"^[0-9]{3}-?[0-9]{4}$","maxLength":8,"label":{"ja":"送付先の郵便番号","en":"Postal code to mail to"}},
   {"key":"mailingAddress","type":"textarea","required":true,"maxLength":300,"label":{"ja":"送付先の住所（現在お住まいの所）","en":"Address to mail to (where you live now)"},"help":{"ja":"避難先の住所を書いてください。","en":"Write the address where you are staying now."}}
 ]}',
 '[{"key":"identityDocument","required":false,"max":2,"label":{"ja":"本人確認書類の写し（任意）","en":"Copy of an identity document (optional)"}}]',
 40),
('tax_relief', '税・保険料の減免・猶予', 'Tax and premium reduction or deferral',
 '被害の程度や収入の減少に応じて、住民税・固定資産税・保険料などを減免または猶予します。',
 'Reduces or defers resident tax, property tax and insurance premiums depending on the damage and lost income.',
 false, 'hq_operator', 'issued', false,
 '{"version":1,"fields":[
   {"key":"applicantName","type":"registry","source":"name","label":{"ja":"納税義務者","en":"Taxpayer"}},
   {"key":"homeAddress","type":"registry","source":"address","label":{"ja":"住所","en":"Address"}},
   {"key":"taxKind","type":"select","required":true,"label":{"ja":"対象","en":"Tax or premium"},"options":[
     {"value":"resident_tax","label":{"ja":"個人住民税","en":"Resident tax"}},
     {"value":"property_tax","label":{"ja":"固定資産税","en":"Property tax"}},
     {"value":"nhi_premium","label":{"ja":"国民健康保険税","en":"National Health Insurance tax"}},
     {"value":"elderly_premium","label":{"ja":"後期高齢者医療保険料","en":"Late-stage elderly medical premium"}},
     {"value":"care_premium","label":{"ja":"介護保険料","en":"Long-term care premium"}}]},
   {"key":"request","type":"select","required":true,"label":{"ja":"申請内容","en":"Request"},"options":[
     {"value":"reduction","label":{"ja":"減免","en":"Reduction or exemption"}},
     {"value":"deferral","label":{"ja":"徴収猶予","en":"Deferral"}}]},
   {"key":"incomeDropped","type":"checkbox","required":false,"label":{"ja":"災害で収入が大きく減った","en":"My income fell sharply because of the disaster"},"help":{"ja":"前年より3割以上減った場合などが対象です。","en":"For example a drop of 30% or more from last year."}},
   {"key":"details","type":"textarea","required":false,"maxLength":1000,"label":{"ja":"補足","en":"Details"}}
 ]}',
 '[{"key":"supportingDocuments","required":false,"max":5,"label":{"ja":"収入減少などを示す書類（任意）","en":"Documents showing lost income (optional)"}}]',
 50),
('temporary_housing', '応急仮設住宅', 'Emergency temporary housing',
 '住宅が全壊などで住めなくなった世帯に、応急仮設住宅（建設型・賃貸型）を提供します。',
 'Temporary housing (built units or rented flats) for households whose home can no longer be lived in.',
 true, 'hq_operator', 'issued', false,
 '{"version":1,"fields":[
   {"key":"applicantName","type":"registry","source":"name","label":{"ja":"世帯主氏名","en":"Head of household"}},
   {"key":"homeAddress","type":"registry","source":"address","label":{"ja":"被災住家の所在地","en":"Address of the damaged home"}},
   {"key":"household","type":"registry","source":"household","label":{"ja":"入居予定の世帯員","en":"Household members moving in"}},
   {"key":"damageLevel","type":"select","required":true,"label":{"ja":"住家の被害程度","en":"Damage to the home"},"options":[
     {"value":"total","label":{"ja":"全壊","en":"Total collapse"}},
     {"value":"large_half","label":{"ja":"大規模半壊","en":"Large-scale half collapse"}},
     {"value":"half","label":{"ja":"半壊（住めない）","en":"Half collapse (uninhabitable)"}}]},
   {"key":"housingType","type":"select","required":true,"label":{"ja":"希望する住宅","en":"Housing wanted"},"options":[
     {"value":"built","label":{"ja":"建設型","en":"Built unit"}},
     {"value":"rented","label":{"ja":"賃貸型（みなし仮設）","en":"Rented flat"}},
     {"value":"either","label":{"ja":"どちらでもよい","en":"Either"}}]},
   {"key":"preferredArea","type":"text","required":false,"maxLength":100,"label":{"ja":"希望地区","en":"Preferred area"}},
   {"key":"needsAccessible","type":"checkbox","required":false,"label":{"ja":"バリアフリー住宅が必要","en":"An accessible unit is needed"}}
 ]}',
 '[]',
 60);
