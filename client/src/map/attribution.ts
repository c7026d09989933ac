/**
 * Licence credits for the bundled data. They stay in Japanese in every UI language because the
 * data providers' terms ask for this wording.
 */
export const MUNICIPALITY_ATTRIBUTION = '出典：国土交通省 国土数値情報（行政区域データ）';
export const SHELTER_ATTRIBUTION = '出典：国土地理院';
