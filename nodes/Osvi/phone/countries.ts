import type { INodePropertyOptions } from 'n8n-workflow';

/** A country or territory OSVI can call, with what it takes to read its phone numbers. */
export interface Country {
	/** ISO 3166-1 alpha-2 code, sent to OSVI as `country_code`. */
	code: string;
	name: string;
	/** ITU calling code, digits only, e.g. '91'. */
	callingCode: string;
	/** Dialled before a national number within the country, dropped after the calling code: '0'. */
	trunkPrefix?: string;
	/**
	 * Set where national numbers can themselves begin with the trunk prefix digits (such as
	 * Russian area codes 8xx): there a leading prefix is the trunk prefix only on a number that
	 * is too long without it.
	 */
	numbersMayStartWithTrunkPrefix?: boolean;
	/**
	 * Possible national numbers, set only where a number written with this country's calling code
	 * but no + can fit the length range both with and without it (see `possibleNationalNumbers`).
	 */
	nationalNumberPattern?: RegExp;
	/** Length range of the national significant number, without calling code and trunk prefix. */
	minLength: number;
	maxLength: number;
}

type Row = [
	code: string,
	name: string,
	callingCode: string,
	trunkPrefix: string,
	minLength: number,
	maxLength: number,
	numbersMayStartWithTrunkPrefix?: true,
];

/*
 * Calling codes, trunk prefixes and the fixed-line and mobile length ranges follow Google's
 * libphonenumber metadata (the tests check them against libphonenumber-js). Departures from it:
 * Belarus dials '80' before its numbers; South Africa's range leaves out legacy short 8x numbers;
 * Saint Helena's leaves out the 4-digit 8xxx numbers, which are Tristan da Cunha's; Gabon's 0 is
 * dropped as a trunk prefix only from a number too long with it (06 03 12 34 keeps its 0, the
 * newer 062 12 34 56 drops it), where libphonenumber lists the digits that may follow the 0;
 * AQ, BV, GS, HM, PN, TF and UM, which libphonenumber lacks, use the numbering plan they dial
 * through. Beyond the 249 ISO codes, XK (Kosovo), AC (Ascension) and TA (Tristan da Cunha) are
 * included so that the calling codes +383 and +247 are not rejected and +290 8xxx is named as
 * libphonenumber names it.
 */
const rows: Row[] = [
	['AC', 'Ascension Island', '247', '', 5, 5],
	['AD', 'Andorra', '376', '', 6, 9],
	['AE', 'United Arab Emirates', '971', '0', 8, 9],
	['AF', 'Afghanistan', '93', '0', 9, 9],
	['AG', 'Antigua and Barbuda', '1', '1', 10, 10],
	['AI', 'Anguilla', '1', '1', 10, 10],
	['AL', 'Albania', '355', '0', 8, 9],
	['AM', 'Armenia', '374', '0', 8, 8],
	['AO', 'Angola', '244', '', 9, 9],
	['AQ', 'Antarctica', '672', '', 6, 6],
	['AR', 'Argentina', '54', '0', 10, 11],
	['AS', 'American Samoa', '1', '1', 10, 10],
	['AT', 'Austria', '43', '0', 4, 13],
	['AU', 'Australia', '61', '0', 9, 9],
	['AW', 'Aruba', '297', '', 7, 7],
	['AX', 'Åland Islands', '358', '0', 6, 10],
	['AZ', 'Azerbaijan', '994', '0', 9, 9],
	['BA', 'Bosnia and Herzegovina', '387', '0', 8, 9],
	['BB', 'Barbados', '1', '1', 10, 10],
	['BD', 'Bangladesh', '880', '0', 6, 10],
	['BE', 'Belgium', '32', '0', 8, 9],
	['BF', 'Burkina Faso', '226', '', 8, 8],
	['BG', 'Bulgaria', '359', '0', 6, 9],
	['BH', 'Bahrain', '973', '', 8, 8],
	['BI', 'Burundi', '257', '', 8, 8],
	['BJ', 'Benin', '229', '', 10, 10],
	['BL', 'Saint Barthélemy', '590', '0', 9, 9],
	['BM', 'Bermuda', '1', '1', 10, 10],
	['BN', 'Brunei', '673', '', 7, 7],
	['BO', 'Bolivia', '591', '0', 8, 8],
	['BQ', 'Caribbean Netherlands', '599', '', 7, 7],
	['BR', 'Brazil', '55', '0', 10, 11],
	['BS', 'Bahamas', '1', '1', 10, 10],
	['BT', 'Bhutan', '975', '', 7, 8],
	['BV', 'Bouvet Island', '47', '', 8, 8],
	['BW', 'Botswana', '267', '', 7, 8],
	['BY', 'Belarus', '375', '80', 9, 9],
	['BZ', 'Belize', '501', '', 7, 7],
	['CA', 'Canada', '1', '1', 10, 10],
	['CC', 'Cocos (Keeling) Islands', '61', '0', 9, 9],
	['CD', 'Democratic Republic of the Congo', '243', '0', 7, 10],
	['CF', 'Central African Republic', '236', '', 8, 8],
	['CG', 'Republic of the Congo', '242', '', 9, 9],
	['CH', 'Switzerland', '41', '0', 9, 9],
	['CI', "Côte d'Ivoire", '225', '', 10, 10],
	['CK', 'Cook Islands', '682', '', 5, 5],
	['CL', 'Chile', '56', '', 9, 9],
	['CM', 'Cameroon', '237', '', 9, 9],
	['CN', 'China', '86', '0', 7, 11],
	['CO', 'Colombia', '57', '0', 8, 10],
	['CR', 'Costa Rica', '506', '', 8, 8],
	['CU', 'Cuba', '53', '0', 6, 10],
	['CV', 'Cape Verde', '238', '', 7, 7],
	['CW', 'Curaçao', '599', '', 7, 8],
	['CX', 'Christmas Island', '61', '0', 9, 9],
	['CY', 'Cyprus', '357', '', 8, 8],
	['CZ', 'Czechia', '420', '', 9, 9],
	['DE', 'Germany', '49', '0', 5, 15],
	['DJ', 'Djibouti', '253', '', 8, 8],
	['DK', 'Denmark', '45', '', 8, 8],
	['DM', 'Dominica', '1', '1', 10, 10],
	['DO', 'Dominican Republic', '1', '1', 10, 10],
	['DZ', 'Algeria', '213', '0', 8, 9],
	['EC', 'Ecuador', '593', '0', 8, 9],
	['EE', 'Estonia', '372', '', 7, 8],
	['EG', 'Egypt', '20', '0', 8, 10],
	['EH', 'Western Sahara', '212', '0', 9, 9],
	['ER', 'Eritrea', '291', '0', 7, 7],
	['ES', 'Spain', '34', '', 9, 9],
	['ET', 'Ethiopia', '251', '0', 9, 9],
	['FI', 'Finland', '358', '0', 5, 10],
	['FJ', 'Fiji', '679', '', 7, 7],
	['FK', 'Falkland Islands', '500', '', 5, 5],
	['FM', 'Micronesia', '691', '', 7, 7],
	['FO', 'Faroe Islands', '298', '', 6, 6],
	['FR', 'France', '33', '0', 9, 9],
	['GA', 'Gabon', '241', '0', 7, 8, true],
	['GB', 'United Kingdom', '44', '0', 9, 10],
	['GD', 'Grenada', '1', '1', 10, 10],
	['GE', 'Georgia', '995', '0', 9, 9],
	['GF', 'French Guiana', '594', '0', 9, 9],
	['GG', 'Guernsey', '44', '0', 10, 10],
	['GH', 'Ghana', '233', '0', 9, 9],
	['GI', 'Gibraltar', '350', '', 8, 8],
	['GL', 'Greenland', '299', '', 6, 6],
	['GM', 'Gambia', '220', '', 7, 9],
	['GN', 'Guinea', '224', '', 8, 9],
	['GP', 'Guadeloupe', '590', '0', 9, 9],
	['GQ', 'Equatorial Guinea', '240', '', 9, 9],
	['GR', 'Greece', '30', '', 10, 10],
	['GS', 'South Georgia and the South Sandwich Islands', '500', '', 5, 5],
	['GT', 'Guatemala', '502', '', 8, 8],
	['GU', 'Guam', '1', '1', 10, 10],
	['GW', 'Guinea-Bissau', '245', '', 9, 9],
	['GY', 'Guyana', '592', '', 7, 7],
	['HK', 'Hong Kong', '852', '', 8, 8],
	['HM', 'Heard Island and McDonald Islands', '672', '', 6, 6],
	['HN', 'Honduras', '504', '', 8, 8],
	['HR', 'Croatia', '385', '0', 8, 9],
	['HT', 'Haiti', '509', '', 8, 8],
	['HU', 'Hungary', '36', '06', 8, 9],
	['ID', 'Indonesia', '62', '0', 7, 12],
	['IE', 'Ireland', '353', '0', 7, 10],
	['IL', 'Israel', '972', '0', 8, 12],
	['IM', 'Isle of Man', '44', '0', 10, 10],
	['IN', 'India', '91', '0', 10, 10],
	['IO', 'British Indian Ocean Territory', '246', '', 7, 7],
	['IQ', 'Iraq', '964', '0', 8, 10],
	['IR', 'Iran', '98', '0', 6, 10],
	['IS', 'Iceland', '354', '', 7, 9],
	['IT', 'Italy', '39', '', 6, 12],
	['JE', 'Jersey', '44', '0', 10, 10],
	['JM', 'Jamaica', '1', '1', 10, 10],
	['JO', 'Jordan', '962', '0', 8, 9],
	['JP', 'Japan', '81', '0', 9, 10],
	['KE', 'Kenya', '254', '0', 7, 9],
	['KG', 'Kyrgyzstan', '996', '0', 9, 9],
	['KH', 'Cambodia', '855', '0', 8, 9],
	['KI', 'Kiribati', '686', '0', 5, 8],
	['KM', 'Comoros', '269', '', 7, 7],
	['KN', 'Saint Kitts and Nevis', '1', '1', 10, 10],
	['KP', 'North Korea', '850', '0', 8, 10],
	['KR', 'South Korea', '82', '0', 5, 10],
	['KW', 'Kuwait', '965', '', 8, 8],
	['KY', 'Cayman Islands', '1', '1', 10, 10],
	['KZ', 'Kazakhstan', '7', '8', 10, 10],
	['LA', 'Laos', '856', '0', 8, 10],
	['LB', 'Lebanon', '961', '0', 7, 8],
	['LC', 'Saint Lucia', '1', '1', 10, 10],
	['LI', 'Liechtenstein', '423', '0', 7, 9],
	['LK', 'Sri Lanka', '94', '0', 9, 9],
	['LR', 'Liberia', '231', '0', 7, 9],
	['LS', 'Lesotho', '266', '', 8, 8],
	['LT', 'Lithuania', '370', '0', 8, 8],
	['LU', 'Luxembourg', '352', '', 4, 11],
	['LV', 'Latvia', '371', '', 8, 8],
	['LY', 'Libya', '218', '0', 9, 9],
	['MA', 'Morocco', '212', '0', 9, 9],
	['MC', 'Monaco', '377', '0', 8, 9],
	['MD', 'Moldova', '373', '0', 8, 8],
	['ME', 'Montenegro', '382', '0', 8, 8],
	['MF', 'Saint Martin', '590', '0', 9, 9],
	['MG', 'Madagascar', '261', '0', 9, 9],
	['MH', 'Marshall Islands', '692', '1', 7, 7],
	['MK', 'North Macedonia', '389', '0', 8, 8],
	['ML', 'Mali', '223', '', 8, 8],
	['MM', 'Myanmar', '95', '0', 6, 10],
	['MN', 'Mongolia', '976', '0', 8, 10],
	['MO', 'Macao', '853', '', 8, 8],
	['MP', 'Northern Mariana Islands', '1', '1', 10, 10],
	['MQ', 'Martinique', '596', '0', 9, 9],
	['MR', 'Mauritania', '222', '', 8, 8],
	['MS', 'Montserrat', '1', '1', 10, 10],
	['MT', 'Malta', '356', '', 8, 8],
	['MU', 'Mauritius', '230', '', 7, 8],
	['MV', 'Maldives', '960', '', 7, 7],
	['MW', 'Malawi', '265', '0', 7, 9],
	['MX', 'Mexico', '52', '', 10, 10],
	['MY', 'Malaysia', '60', '0', 8, 10],
	['MZ', 'Mozambique', '258', '', 8, 9],
	['NA', 'Namibia', '264', '0', 8, 9],
	['NC', 'New Caledonia', '687', '', 6, 6],
	['NE', 'Niger', '227', '', 8, 8],
	['NF', 'Norfolk Island', '672', '', 6, 6],
	['NG', 'Nigeria', '234', '0', 10, 10],
	['NI', 'Nicaragua', '505', '', 8, 8],
	['NL', 'Netherlands', '31', '0', 9, 11],
	['NO', 'Norway', '47', '', 8, 8],
	['NP', 'Nepal', '977', '0', 8, 10],
	['NR', 'Nauru', '674', '', 7, 7],
	['NU', 'Niue', '683', '', 4, 7],
	['NZ', 'New Zealand', '64', '0', 8, 10],
	['OM', 'Oman', '968', '', 8, 8],
	['PA', 'Panama', '507', '', 7, 8],
	['PE', 'Peru', '51', '0', 8, 9],
	['PF', 'French Polynesia', '689', '', 8, 8],
	['PG', 'Papua New Guinea', '675', '', 7, 8],
	['PH', 'Philippines', '63', '0', 6, 10],
	['PK', 'Pakistan', '92', '0', 9, 10],
	['PL', 'Poland', '48', '', 7, 9],
	['PM', 'Saint Pierre and Miquelon', '508', '0', 6, 9],
	['PN', 'Pitcairn Islands', '64', '0', 8, 10],
	['PR', 'Puerto Rico', '1', '1', 10, 10],
	['PS', 'Palestine', '970', '0', 8, 9],
	['PT', 'Portugal', '351', '', 9, 9],
	['PW', 'Palau', '680', '', 7, 7],
	['PY', 'Paraguay', '595', '0', 7, 9],
	['QA', 'Qatar', '974', '', 8, 8],
	['RE', 'Réunion', '262', '0', 9, 9],
	['RO', 'Romania', '40', '0', 6, 9],
	['RS', 'Serbia', '381', '0', 7, 12],
	['RU', 'Russia', '7', '8', 10, 10, true],
	['RW', 'Rwanda', '250', '0', 8, 9, true],
	['SA', 'Saudi Arabia', '966', '0', 9, 9],
	['SB', 'Solomon Islands', '677', '', 5, 7],
	['SC', 'Seychelles', '248', '', 7, 7],
	['SD', 'Sudan', '249', '0', 9, 9],
	['SE', 'Sweden', '46', '0', 7, 9],
	['SG', 'Singapore', '65', '', 8, 8],
	['SH', 'Saint Helena', '290', '', 5, 5],
	['SI', 'Slovenia', '386', '0', 8, 8],
	['SJ', 'Svalbard and Jan Mayen', '47', '', 8, 8],
	['SK', 'Slovakia', '421', '0', 6, 9],
	['SL', 'Sierra Leone', '232', '0', 8, 8],
	['SM', 'San Marino', '378', '', 8, 10],
	['SN', 'Senegal', '221', '', 9, 9],
	['SO', 'Somalia', '252', '0', 6, 9],
	['SR', 'Suriname', '597', '', 6, 7],
	['SS', 'South Sudan', '211', '0', 9, 9],
	['ST', 'São Tomé and Príncipe', '239', '', 7, 7],
	['SV', 'El Salvador', '503', '', 8, 8],
	['SX', 'Sint Maarten', '1', '1', 10, 10],
	['SY', 'Syria', '963', '0', 8, 9],
	['SZ', 'Eswatini', '268', '', 8, 8],
	['TA', 'Tristan da Cunha', '290', '', 4, 4],
	['TC', 'Turks and Caicos Islands', '1', '1', 10, 10],
	['TD', 'Chad', '235', '', 8, 8],
	['TF', 'French Southern Territories', '262', '0', 9, 9],
	['TG', 'Togo', '228', '', 8, 8],
	['TH', 'Thailand', '66', '0', 8, 9],
	['TJ', 'Tajikistan', '992', '', 9, 9],
	['TK', 'Tokelau', '690', '', 4, 7],
	['TL', 'Timor-Leste', '670', '', 7, 8],
	['TM', 'Turkmenistan', '993', '8', 8, 8],
	['TN', 'Tunisia', '216', '', 8, 8],
	['TO', 'Tonga', '676', '', 5, 7],
	['TR', 'Türkiye', '90', '0', 10, 10],
	['TT', 'Trinidad and Tobago', '1', '1', 10, 10],
	['TV', 'Tuvalu', '688', '', 5, 7],
	['TW', 'Taiwan', '886', '0', 8, 9],
	['TZ', 'Tanzania', '255', '0', 9, 9],
	['UA', 'Ukraine', '380', '0', 9, 9],
	['UG', 'Uganda', '256', '0', 9, 9],
	['UM', 'United States Minor Outlying Islands', '1', '1', 10, 10],
	['US', 'United States', '1', '1', 10, 10],
	['UY', 'Uruguay', '598', '0', 8, 8],
	['UZ', 'Uzbekistan', '998', '', 9, 9],
	['VA', 'Vatican City', '39', '', 6, 11],
	['VC', 'Saint Vincent and the Grenadines', '1', '1', 10, 10],
	['VE', 'Venezuela', '58', '0', 10, 10],
	['VG', 'British Virgin Islands', '1', '1', 10, 10],
	['VI', 'U.S. Virgin Islands', '1', '1', 10, 10],
	['VN', 'Vietnam', '84', '0', 9, 10],
	['VU', 'Vanuatu', '678', '', 5, 7],
	['WF', 'Wallis and Futuna', '681', '', 6, 6],
	['WS', 'Samoa', '685', '', 5, 10],
	['XK', 'Kosovo', '383', '0', 8, 12],
	['YE', 'Yemen', '967', '0', 7, 9],
	['YT', 'Mayotte', '262', '0', 9, 9],
	['ZA', 'South Africa', '27', '0', 9, 9],
	['ZM', 'Zambia', '260', '0', 9, 9],
	['ZW', 'Zimbabwe', '263', '0', 9, 9],
];

/** Where countries share a calling code, the one its numbers belong to unless told otherwise. */
const mainCountryOfSharedCallingCode: Record<string, string> = {
	1: 'US',
	7: 'RU',
	39: 'IT',
	44: 'GB',
	47: 'NO',
	61: 'AU',
	64: 'NZ',
	212: 'MA',
	262: 'RE',
	290: 'SH',
	358: 'FI',
	500: 'FK',
	590: 'GP',
	599: 'CW',
	672: 'NF',
};

const newZealand =
	'[1289]\\d{9}|50\\d{5}(?:\\d{2,3})?|[27-9]\\d{7,8}|(?:[34]\\d|6[0-35-9])\\d{6}|8\\d{4,6}';

/*
 * Where a number written with its country's calling code but no + fits the length range both
 * with and without the code (39 06 12345 in Italy), libphonenumber's pattern of possible national
 * numbers (general description, metadata of libphonenumber-js 1.13.16) tells the readings apart.
 * Only these countries need one; the tests derive the list from the lengths and check each pattern.
 */
const possibleNationalNumbers: Record<string, string> = {
	AD: '(?:1|6\\d)\\d{7}|[135-9]\\d{5}',
	AT: '1\\d{3,12}|2\\d{6,12}|43(?:(?:0\\d|5[02-9])\\d{3,9}|2\\d{4,5}|[3467]\\d{4}|8\\d{4,6}|9\\d{4,7})|5\\d{4,12}|8\\d{7,12}|9\\d{8,12}|(?:[367]\\d|4[0-24-9])\\d{4,11}',
	AX: '2\\d{4,9}|35\\d{4,5}|(?:60\\d\\d|800)\\d{4,6}|7\\d{5,11}|(?:[14]\\d|3[0-46-9]|50)\\d{4,8}',
	BD: '[1-469]\\d{9}|8[0-79]\\d{7,8}|[2-79]\\d{8}|[2-9]\\d{7}|[3-9]\\d{6}|[57-9]\\d{5}',
	BG: '00800\\d{7}|[2-7]\\d{6,7}|[89]\\d{6,8}|2\\d{5}',
	CD: '(?:(?:[189]|5\\d)\\d|2)\\d{7}|[1-68]\\d{6}',
	CN: '(?:(?:1[03-689]|2\\d)\\d\\d|6)\\d{8}|1\\d{10}|[126]\\d{6}(?:\\d(?:\\d{2})?)?|86\\d{5,6}|(?:[3-579]\\d|8[0-57-9])\\d{5,9}',
	CO: '(?:46|60\\d\\d)\\d{6}|(?:1\\d|[39])\\d{9}',
	CU: '(?:[2-7]|8\\d\\d)\\d{7}|[2-47]\\d{6}|[34]\\d{5}',
	DE: '[2579]\\d{5,14}|49(?:[34]0|69|8\\d)\\d\\d?|49(?:37|49|60|7[089]|9\\d)\\d{1,3}|49(?:2[024-9]|3[2-689]|7[1-7])\\d{1,8}|(?:1|[368]\\d|4[0-8])\\d{3,13}|49(?:[015]\\d|2[13]|31|[46][1-8])\\d{1,9}',
	EG: '[189]\\d{8,9}|[24-6]\\d{8}|[135]\\d{7}',
	FI: '[1-35689]\\d{4}|7\\d{10,11}|(?:[124-7]\\d|3[0-46-9])\\d{8}|[1-9]\\d{5,8}',
	ID: '00[1-9]\\d{9,14}|(?:[1-36]|8\\d{5})\\d{6}|00\\d{9}|[1-9]\\d{8,10}|[2-9]\\d{7}',
	IE: '(?:1\\d|[2569])\\d{6,8}|4\\d{6,9}|7\\d{8}|8\\d{8,9}',
	IL: '1\\d{6}(?:\\d{3,5})?|[57]\\d{8}|[1-489]\\d{7}',
	IR: '[1-9]\\d{9}|(?:[1-8]\\d\\d|9)\\d{3,4}',
	IT: '0\\d{5,11}|1\\d{8,10}|3(?:[0-8]\\d{7,10}|9\\d{7,8})|(?:43|55|70)\\d{8}|8\\d{5}(?:\\d{2,4})?',
	KI: '(?:[37]\\d|6[0-79])\\d{6}|(?:[2-48]\\d|50)\\d{3}',
	KR: '00[1-9]\\d{8,11}|(?:[12]|5\\d{3})\\d{7}|[13-6]\\d{9}|(?:[1-6]\\d|80)\\d{7}|[3-6]\\d{4,5}|(?:00|7)0\\d{8}',
	LU: '35[013-9]\\d{4,8}|6\\d{8}|35\\d{2,4}|(?:[2457-9]\\d|3[0-46-9])\\d{2,9}',
	MM: '1\\d{5,7}|95\\d{6}|(?:[4-7]|9[0-46-9])\\d{6,8}|(?:2|8\\d)\\d{5,8}',
	MY: '1\\d{8,9}|(?:3\\d|[4-9])\\d{7}',
	NL: '(?:[124-7]\\d\\d|3(?:[02-9]\\d|1[0-8]))\\d{6}|8\\d{6,9}|9\\d{6,10}|1\\d{4,5}',
	NU: '(?:[4-7]|888\\d)\\d{3}',
	NZ: newZealand,
	PH: '(?:[2-7]|9\\d)\\d{8}|2\\d{5}|(?:1800|8)\\d{7,9}',
	PL: '(?:6|8\\d\\d)\\d{7}|[1-9]\\d{6}(?:\\d{2})?|[26]\\d{5}',
	PM: '[78]\\d{8}|[2-9]\\d{5}',
	PN: newZealand,
	RO: '(?:[2378]\\d|90)\\d{7}|[23]\\d{5}',
	RS: '38[02-9]\\d{6,9}|6\\d{7,9}|90\\d{4,8}|38\\d{5,6}|(?:7\\d\\d|800)\\d{3,9}|(?:[12]\\d|3[0-79])\\d{5,10}',
	SE: '(?:[26]\\d\\d|9)\\d{9}|[1-9]\\d{8}|[1-689]\\d{7}|[1-4689]\\d{6}|2\\d{5}',
	SK: '[2-689]\\d{8}|[2-59]\\d{6}|[2-5]\\d{5}',
	SO: '[346-9]\\d{8}|[12679]\\d{7}|[1-5]\\d{6}|[1348]\\d{5}',
	TK: '[2-47]\\d{3,6}',
	VA: '0\\d{5,10}|3[0-8]\\d{7,10}|55\\d{8}|8\\d{5}(?:\\d{2,4})?|(?:1\\d|39)\\d{7,8}',
	WS: '(?:[2-6]|8\\d{5})\\d{4}|[78]\\d{6}|[68]\\d{5}',
	XK: '2\\d{7,8}|3\\d{7,11}|(?:4\\d\\d|[89]00)\\d{5}',
};

const countries: Country[] = rows.map(
	([code, name, callingCode, trunkPrefix, min, max, leads]) => ({
		code,
		name,
		callingCode,
		...(trunkPrefix ? { trunkPrefix } : {}),
		...(leads ? { numbersMayStartWithTrunkPrefix: true } : {}),
		...(possibleNationalNumbers[code]
			? { nationalNumberPattern: new RegExp(`^(?:${possibleNationalNumbers[code]})$`) }
			: {}),
		minLength: min,
		maxLength: max,
	}),
);

const countryByCode = new Map(countries.map((country) => [country.code, country]));

const countriesOfCallingCode = new Map<string, Country[]>();
for (const country of countries) {
	const sharing = countriesOfCallingCode.get(country.callingCode) ?? [];
	const isMain = mainCountryOfSharedCallingCode[country.callingCode] === country.code;
	countriesOfCallingCode.set(
		country.callingCode,
		isMain ? [country, ...sharing] : [...sharing, country],
	);
}

/** The country with this ISO 3166-1 alpha-2 code, in any letter case. */
export function findCountry(code: string): Country | undefined {
	return countryByCode.get(String(code).trim().toUpperCase());
}

/** Every country dialled with this calling code ('1', not '+1'), the main one first. */
export function countriesByCallingCode(callingCode: string): Country[] {
	return [...(countriesOfCallingCode.get(callingCode) ?? [])];
}

/** Choices for the Country parameter, by name. */
export const countryOptions: INodePropertyOptions[] = countries
	.map((country) => ({ name: `${country.name} (+${country.callingCode})`, value: country.code }))
	.sort((a, b) => a.name.localeCompare(b.name, 'en'));
