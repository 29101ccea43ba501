import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/metadata.max.json';
import {
	getCountryCallingCode,
	getExampleNumber,
	isSupportedCountry,
	parsePhoneNumberFromString,
} from 'libphonenumber-js/max';

import {
	countriesByCallingCode,
	countryOptions,
	findCountry,
} from '../../../../nodes/Osvi/phone/countries';
import type { Country } from '../../../../nodes/Osvi/phone/countries';
import { normalizePhoneNumber } from '../../../../nodes/Osvi/phone';

const isoCodes =
	`AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI
FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR
IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM
MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT
PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM
TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/);

const allCountries = countryOptions.map((option) => {
	const country = findCountry(String(option.value));
	if (!country)
		throw new Error(`countryOptions offers ${String(option.value)}, which findCountry lacks`);
	return country;
});

const libphonenumberCountries = allCountries
	.map((country) => country.code)
	.filter((code) => isSupportedCountry(code));

// libphonenumber's pattern of possible national numbers of a country it knows.
function possibleNationalNumbers(code: string): RegExp | undefined {
	const pattern = isSupportedCountry(code) ? metadata.countries[code]?.[2] : undefined;
	return pattern === undefined ? undefined : new RegExp(`^(?:${pattern})$`);
}

// [as written, default country, national digits sent to OSVI, country sent to OSVI]
const validNumbers: Array<[string, string, string, string]> = [
	['9876543210', 'IN', '9876543210', 'IN'],
	['98765 43210', 'IN', '9876543210', 'IN'],
	['98765-43210', 'IN', '9876543210', 'IN'],
	['098765 43210', 'IN', '9876543210', 'IN'],
	['(022) 2345 6789', 'IN', '2223456789', 'IN'],
	['+91 98765 43210', 'US', '9876543210', 'IN'],
	['0091 9876543210', 'IN', '9876543210', 'IN'],
	['+91-98765.43210', 'IN', '9876543210', 'IN'],
	['91 98765 43210', 'IN', '9876543210', 'IN'],
	['\t98765\u00a043210 ', 'in', '9876543210', 'IN'],
	['(201) 555-0123', 'US', '2015550123', 'US'],
	['201.555.0123', 'US', '2015550123', 'US'],
	['1 201 555 0123', 'US', '2015550123', 'US'],
	['+1 201 555 0123', 'IN', '2015550123', 'US'],
	['001 201 555 0123', 'GB', '2015550123', 'US'],
	['+1 416 555 0123', 'CA', '4165550123', 'CA'],
	['020 7946 0958', 'GB', '2079460958', 'GB'],
	['+44 (0)20 7946 0958', 'IN', '2079460958', 'GB'],
	['07400 123456', 'GB', '7400123456', 'GB'],
	['0044 7400 123456', 'DE', '7400123456', 'GB'],
	['+44 7797 712345', 'JE', '7797712345', 'JE'],
	['030 12345678', 'DE', '3012345678', 'DE'],
	['+49 30 12345678', 'IN', '3012345678', 'DE'],
	['0151 23456789', 'DE', '15123456789', 'DE'],
	['0049 151 23456789', 'FR', '15123456789', 'DE'],
	['06 12 34 56 78', 'FR', '612345678', 'FR'],
	['01.23.45.67.89', 'FR', '123456789', 'FR'],
	['+33 6 12 34 56 78', 'IN', '612345678', 'FR'],
	['0412 345 678', 'AU', '412345678', 'AU'],
	['(02) 9876 5432', 'AU', '298765432', 'AU'],
	['+61 2 9876 5432', 'IN', '298765432', 'AU'],
	['(11) 91234-5678', 'BR', '11912345678', 'BR'],
	['+55 21 2345-6789', 'IN', '2123456789', 'BR'],
	['050 123 4567', 'AE', '501234567', 'AE'],
	['+971 4 123 4567', 'IN', '41234567', 'AE'],
	['9123 4567', 'SG', '91234567', 'SG'],
	['+65 6123 4567', 'IN', '61234567', 'SG'],
	['090-1234-5678', 'JP', '9012345678', 'JP'],
	['+81 3-1234-5678', 'IN', '312345678', 'JP'],
	['0803 123 4567', 'NG', '8031234567', 'NG'],
	['+234 803 123 4567', 'IN', '8031234567', 'NG'],
	['082 123 4567', 'ZA', '821234567', 'ZA'],
	['+27 21 123 4567', 'IN', '211234567', 'ZA'],
	['55 1234 5678', 'MX', '5512345678', 'MX'],
	['+52 55 1234 5678', 'IN', '5512345678', 'MX'],
	['06 1234 5678', 'IT', '0612345678', 'IT'],
	['+39 06 1234 5678', 'IN', '0612345678', 'IT'],
	['347 123 4567', 'IT', '3471234567', 'IT'],
	['8 (912) 345-67-89', 'RU', '9123456789', 'RU'],
	['+7 912 345-67-89', 'IN', '9123456789', 'RU'],
	['812 123 45 67', 'RU', '8121234567', 'RU'],
	['8 812 123 45 67', 'RU', '8121234567', 'RU'],
	['+7 701 123 4567', 'KZ', '7011234567', 'KZ'],
	['8 701 123 4567', 'KZ', '7011234567', 'KZ'],
	['06 30 123 4567', 'HU', '301234567', 'HU'],
	['+36 1 234 5678', 'IN', '12345678', 'HU'],
	['8 029 123 45 67', 'BY', '291234567', 'BY'],
	// The country's calling code written without +, with or without the trunk prefix after it.
	['32 02 780 21 10', 'BE', '27802110', 'BE'],
	['32 2 780 21 10', 'BE', '27802110', 'BE'],
	['32 0470 12 34 56', 'BE', '470123456', 'BE'],
	['31 020 123 4567', 'NL', '201234567', 'NL'],
	['31 06 12345678', 'NL', '612345678', 'NL'],
	['31 6 12345678', 'NL', '612345678', 'NL'],
	['81 03-1234-5678', 'JP', '312345678', 'JP'],
	['81 090 1234 5678', 'JP', '9012345678', 'JP'],
	['81 90 1234 5678', 'JP', '9012345678', 'JP'],
	['49 30 12345678', 'DE', '3012345678', 'DE'],
	['49 0151 23456789', 'DE', '15123456789', 'DE'],
	['33 06 12 34 56 78', 'FR', '612345678', 'FR'],
	['33 1 23 45 67 89', 'FR', '123456789', 'FR'],
	['44 020 7946 0958', 'GB', '2079460958', 'GB'],
	['44 07400 123456', 'GB', '7400123456', 'GB'],
	['41 044 123 45 67', 'CH', '441234567', 'CH'],
	['41 078 123 45 67', 'CH', '781234567', 'CH'],
	['43 1 234 5678', 'AT', '12345678', 'AT'],
	['43 664 1234567', 'AT', '6641234567', 'AT'],
	['61 02 9876 5432', 'AU', '298765432', 'AU'],
	['61 0412 345 678', 'AU', '412345678', 'AU'],
	['91 098765 43210', 'IN', '9876543210', 'IN'],
	['36 06 30 123 4567', 'HU', '301234567', 'HU'],
	['7 8 912 345 67 89', 'RU', '9123456789', 'RU'],
	['375 80 29 123 45 67', 'BY', '291234567', 'BY'],
	['46 08 123 456', 'SE', '8123456', 'SE'],
	['353 01 234 5678', 'IE', '12345678', 'IE'],
	['86 010 1234 5678', 'CN', '1012345678', 'CN'],
	['64 021 123 4567', 'NZ', '211234567', 'NZ'],
	['62 0812 3456 7890', 'ID', '81234567890', 'ID'],
	['82 010 1234 5678', 'KR', '1012345678', 'KR'],
	['358 050 1234567', 'FI', '501234567', 'FI'],
	['48 12 345 67 89', 'PL', '123456789', 'PL'],
	['1 201 555 0123', 'US', '2015550123', 'US'],
	// Italy keeps the 0 of fixed lines after +39; mobiles start with 3, some with 39 itself.
	['39 349 349 4770', 'IT', '3493494770', 'IT'],
	['39 06 1234 5678', 'IT', '0612345678', 'IT'],
	['39 02 1234 5678', 'IT', '0212345678', 'IT'],
	['393 493 4947', 'IT', '3934934947', 'IT'],
	['39 393 493 4947', 'IT', '3934934947', 'IT'],
	['0039 06 1234 5678', 'IT', '0612345678', 'IT'],
	// +290: five digits are Saint Helena's, 8xxx are Tristan da Cunha's.
	['8123', 'TA', '8123', 'TA'],
	['290 8123', 'TA', '8123', 'TA'],
	['+290 8123', 'IN', '8123', 'TA'],
	['8123', 'SH', '8123', 'TA'],
	['22158', 'SH', '22158', 'SH'],
	['290 22158', 'SH', '22158', 'SH'],
	['22158', 'TA', '22158', 'SH'],
	['+290 22158', 'IN', '22158', 'SH'],
	// Gabon: an 8-digit number may itself start with 0; the newer ones are written after a trunk 0.
	['06 03 12 34', 'GA', '06031234', 'GA'],
	['01 23 45 67', 'GA', '01234567', 'GA'],
	['062 12 34 56', 'GA', '62123456', 'GA'],
	['0 77 12 34 56', 'GA', '77123456', 'GA'],
	['241 06 03 12 34', 'GA', '06031234', 'GA'],
	['241 062 12 34 56', 'GA', '62123456', 'GA'],
	['+241 06 03 12 34', 'IN', '06031234', 'GA'],
	['+241 062 12 34 56', 'IN', '62123456', 'GA'],
	['+241 6 03 12 34', 'IN', '6031234', 'GA'],
];

describe('normalizePhoneNumber', () => {
	it.each(validNumbers)(
		'reads %j (default %s) as %s in %s',
		(input, defaultCountry, phoneNumber, countryCode) => {
			expect(normalizePhoneNumber(input, defaultCountry)).toEqual({
				ok: true,
				phoneNumber,
				countryCode,
				e164: `+${findCountry(countryCode)?.callingCode}${phoneNumber}`,
			});
		},
	);

	it.each(validNumbers)(
		'agrees with libphonenumber on %j (default %s)',
		(input, defaultCountry, phoneNumber, countryCode) => {
			const country = defaultCountry.toUpperCase();
			const parsed = isSupportedCountry(country)
				? parsePhoneNumberFromString(input, country)
				: undefined;
			const result = normalizePhoneNumber(input, defaultCountry);
			expect({
				nationalNumber: parsed?.nationalNumber,
				country: parsed?.country,
				e164: parsed?.number,
			}).toEqual({
				nationalNumber: phoneNumber,
				country: countryCode,
				e164: result.ok ? result.e164 : result.reason,
			});
		},
	);

	// Argentina writes mobiles nationally as 0 + area code + 15 + number, which only full metadata can rewrite.
	const writtenOnlyInternationally = ['AR'];

	it.each(libphonenumberCountries)(
		"reads libphonenumber's example mobile number for %s in every form",
		(code) => {
			const example = getExampleNumber(code, examples);
			const forms = [example?.formatInternational(), example?.number.replace('+', '00')];
			if (!writtenOnlyInternationally.includes(code)) forms.push(example?.formatNational());
			for (const form of forms) {
				expect([form, normalizePhoneNumber(String(form), code)]).toEqual([
					form,
					{
						ok: true,
						phoneNumber: example?.nationalNumber,
						countryCode: code,
						e164: example?.number,
					},
				]);
			}
		},
	);

	it('keeps the default country for a number whose calling code it shares', () => {
		expect(normalizePhoneNumber('+7 912 345 67 89', 'KZ')).toEqual({
			ok: true,
			phoneNumber: '9123456789',
			countryCode: 'KZ',
			e164: '+79123456789',
		});
		expect(normalizePhoneNumber('+1 416 555 0123', 'PR')).toEqual({
			ok: true,
			phoneNumber: '4165550123',
			countryCode: 'PR',
			e164: '+14165550123',
		});
	});

	it('gives a shared calling code to its main country when the default country does not share it', () => {
		expect(normalizePhoneNumber('+1 416 555 0123', 'IN')).toEqual({
			ok: true,
			phoneNumber: '4165550123',
			countryCode: 'US',
			e164: '+14165550123',
		});
		expect(normalizePhoneNumber('+44 1481 256789', 'IN')).toEqual({
			ok: true,
			phoneNumber: '1481256789',
			countryCode: 'GB',
			e164: '+441481256789',
		});
	});

	it('passes over the default country when the number is too short or long for it', () => {
		expect(normalizePhoneNumber('+44 169 77 3456', 'JE')).toEqual({
			ok: true,
			phoneNumber: '169773456',
			countryCode: 'GB',
			e164: '+44169773456',
		});
	});

	it('reads an international number even when the default country is unknown', () => {
		expect(normalizePhoneNumber('+91 98765 43210', 'XX')).toEqual({
			ok: true,
			phoneNumber: '9876543210',
			countryCode: 'IN',
			e164: '+919876543210',
		});
	});

	it('does not take a Russian area code starting with 8 for the trunk prefix', () => {
		expect(normalizePhoneNumber('800 555 35 35', 'RU')).toEqual({
			ok: true,
			phoneNumber: '8005553535',
			countryCode: 'RU',
			e164: '+78005553535',
		});
	});

	it('takes a leading 0 in India for the trunk prefix even when that leaves too few digits', () => {
		expect(normalizePhoneNumber('0987654321', 'IN')).toEqual({
			ok: false,
			reason:
				'The phone number has 9 digits, but numbers in India (+91) have 10, not counting the country code or a leading 0. Check for missing digits.',
		});
	});

	it.each([
		['98765 43210', 'IN', '+919876543210'],
		['(201) 555-0123', 'US', '+12015550123'],
		['+44 (0)20 7946 0958', 'IN', '+442079460958'],
		['06 1234 5678', 'IT', '+390612345678'],
		['8 029 123 45 67', 'BY', '+375291234567'],
		['06 30 123 4567', 'HU', '+36301234567'],
		['32 02 780 21 10', 'BE', '+3227802110'],
		['06 03 12 34', 'GA', '+24106031234'],
		['8123', 'TA', '+2908123'],
	])('gives %j (default %s) in E.164 as %s', (input, defaultCountry, e164) => {
		const result = normalizePhoneNumber(input, defaultCountry);
		expect(result.ok && result.e164).toBe(e164);
	});

	// [as written, default country, read after the calling code, read as a national number]
	const ambiguous: Array<[string, string, string, string]> = [
		['49 030 12345678', 'DE', '3012345678', '4903012345678'],
		['49 151 23456789', 'DE', '15123456789', '4915123456789'],
		['4903 123456', 'DE', '3123456', '4903123456'],
		['43 01 234 5678', 'AT', '12345678', '43012345678'],
		['43 0664 1234567', 'AT', '6641234567', '4306641234567'],
		['39 06 12345', 'IT', '0612345', '390612345'],
		['46 8 123 456', 'SE', '8123456', '468123456'],
	];

	it.each(ambiguous)(
		'refuses to guess whether %j (default %s) starts with the calling code',
		(input, defaultCountry, withCallingCode, national) => {
			const country = findCountry(defaultCountry);
			const code = country?.callingCode;
			expect(normalizePhoneNumber(input, defaultCountry)).toEqual({
				ok: false,
				reason: `The phone number starts with ${code}, the country code of ${country?.name}, but it could also be a number in ${country?.name} that itself begins with ${code}. Write it with + and the country code: +${code} ${withCallingCode} if ${code} is the country code, or +${code} ${national} if the number itself begins with ${code}.`,
			});
		},
	);

	it.each(ambiguous)(
		'refuses %j (default %s) where libphonenumber deems both readings possible and silently picks one',
		(input, defaultCountry, withCallingCode, national) => {
			const possible = possibleNationalNumbers(defaultCountry);
			expect([possible?.test(withCallingCode), possible?.test(national)]).toEqual([true, true]);
			const parsed = isSupportedCountry(defaultCountry)
				? parsePhoneNumberFromString(input, defaultCountry)
				: undefined;
			expect(parsed?.nationalNumber).toBe(national);
		},
	);

	it('reads the form written with + or 00 that the refusal asks for', () => {
		expect(normalizePhoneNumber('+49 30 12345678', 'DE')).toMatchObject({
			phoneNumber: '3012345678',
		});
		expect(normalizePhoneNumber('+49 4903012345678', 'DE')).toMatchObject({
			phoneNumber: '4903012345678',
		});
		expect(normalizePhoneNumber('0039 390612345', 'IT')).toMatchObject({
			phoneNumber: '390612345',
		});
	});

	const allowed =
		'Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.';
	const india = 'numbers in India (+91) have 10, not counting the country code or a leading 0.';
	const rejected: Array<[string, string, string, string]> = [
		['a letter', '98765 4321O', 'IN', `The phone number contains "O". ${allowed}`],
		['an extension', '+1 201 555 0123 ext 5', 'US', `The phone number contains "e". ${allowed}`],
		['a slash', '030/12345678', 'DE', `The phone number contains "/". ${allowed}`],
		['an underscore', '98765_43210', 'IN', `The phone number contains "_". ${allowed}`],
		[
			'a + after the start',
			'91+9876543210',
			'IN',
			'The phone number has a + after its start. Put + only before the country code, e.g. +91 98765 43210.',
		],
		[
			'too few digits',
			'98765 4321',
			'IN',
			`The phone number has 9 digits, but ${india} Check for missing digits.`,
		],
		[
			'too few digits after the calling code',
			'+91 1',
			'US',
			`The phone number has 1 digit, but ${india} Check for missing digits.`,
		],
		[
			'too few digits for a range of lengths',
			'+49 1234',
			'IN',
			'The phone number has 4 digits, but numbers in Germany (+49) have 5 to 15, not counting the country code or a leading 0. Check for missing digits.',
		],
		[
			'too few digits where there is no trunk prefix',
			'06 123',
			'IT',
			'The phone number has 5 digits, but numbers in Italy (+39) have 6 to 12, not counting the country code. Check for missing digits.',
		],
		[
			'too many digits',
			'98765 432100',
			'IN',
			`The phone number has 11 digits, but ${india} Check for extra digits, and write a number from another country with + and its country code.`,
		],
		[
			'too many digits after the calling code',
			'+91 98765 432100',
			'IN',
			`The phone number has 11 digits, but ${india} Check for extra digits.`,
		],
		[
			'too many digits, and too few after the calling code',
			'32 02 780 21 1',
			'BE',
			'The phone number has 10 digits, and 7 after the country code 32, but numbers in Belgium (+32) have 8 to 9, not counting the country code or a leading 0. Check for missing or extra digits.',
		],
		[
			'too few digits for Tristan da Cunha or Saint Helena',
			'812',
			'TA',
			'The phone number has 3 digits, but numbers in Tristan da Cunha (+290) have 4, not counting the country code. Check for missing digits.',
		],
		[
			'an unknown calling code',
			'+999 123 4567',
			'IN',
			'+999 is not a country calling code. Check the digits after + or 00, e.g. +91 for India or +1 for the United States.',
		],
		[
			'an unknown calling code after 00',
			'00 80 1234 5678',
			'IN',
			'+801 is not a country calling code. Check the digits after + or 00, e.g. +91 for India or +1 for the United States.',
		],
		[
			'an empty number',
			'',
			'IN',
			'The phone number is empty. Enter the number to call, e.g. +91 98765 43210.',
		],
		[
			'a number of spaces only',
			'   ',
			'IN',
			'The phone number is empty. Enter the number to call, e.g. +91 98765 43210.',
		],
		[
			'a number without digits',
			'( - )',
			'IN',
			'The phone number has no digits. Enter the number to call, e.g. +91 98765 43210.',
		],
		[
			'an unknown default country',
			'98765 43210',
			'XX',
			'"XX" is not an ISO 3166-1 alpha-2 country code. Choose the country from the list or use a code such as IN or US, or write the number with + and its country code.',
		],
		[
			'a country name as default country',
			'98765 43210',
			'India',
			'"India" is not an ISO 3166-1 alpha-2 country code. Choose the country from the list or use a code such as IN or US, or write the number with + and its country code.',
		],
	];

	it.each(rejected)('rejects %s (%j, default %s)', (_case, input, defaultCountry, reason) => {
		expect(normalizePhoneNumber(input, defaultCountry)).toEqual({ ok: false, reason });
	});

	it('covers at least 40 numbers from at least 10 countries', () => {
		expect(validNumbers.length).toBeGreaterThanOrEqual(40);
		expect(new Set(validNumbers.map(([, , , country]) => country)).size).toBeGreaterThanOrEqual(10);
	});
});

describe('findCountry', () => {
	it('finds a country by its ISO code in any letter case', () => {
		expect(findCountry('in')).toStrictEqual({
			code: 'IN',
			name: 'India',
			callingCode: '91',
			trunkPrefix: '0',
			minLength: 10,
			maxLength: 10,
		});
	});

	it('leaves out the trunk prefix of a country that keeps its leading 0', () => {
		expect(findCountry(' IT ')).toStrictEqual({
			code: 'IT',
			name: 'Italy',
			callingCode: '39',
			nationalNumberPattern: possibleNationalNumbers('IT'),
			minLength: 6,
			maxLength: 12,
		});
	});

	it('marks Russia, where numbers can start with the trunk prefix 8', () => {
		expect(findCountry('RU')).toStrictEqual({
			code: 'RU',
			name: 'Russia',
			callingCode: '7',
			trunkPrefix: '8',
			numbersMayStartWithTrunkPrefix: true,
			minLength: 10,
			maxLength: 10,
		});
	});

	it.each(['XX', '', 'IND', 'India', '91'])('finds nothing for %j', (code) => {
		expect(findCountry(code)).toBeUndefined();
	});
});

describe('countriesByCallingCode', () => {
	const codesOf = (callingCode: string) =>
		countriesByCallingCode(callingCode).map((country) => country.code);

	it('lists the countries sharing a calling code, the main one first', () => {
		expect(codesOf('1')).toEqual([
			'US',
			'AG',
			'AI',
			'AS',
			'BB',
			'BM',
			'BS',
			'CA',
			'DM',
			'DO',
			'GD',
			'GU',
			'JM',
			'KN',
			'KY',
			'LC',
			'MP',
			'MS',
			'PR',
			'SX',
			'TC',
			'TT',
			'UM',
			'VC',
			'VG',
			'VI',
		]);
		expect(codesOf('7')).toEqual(['RU', 'KZ']);
		expect(codesOf('44')).toEqual(['GB', 'GG', 'IM', 'JE']);
		expect(codesOf('91')).toEqual(['IN']);
	});

	it.each(['+91', '999', '', '0'])('finds nothing for %j', (callingCode) => {
		expect(countriesByCallingCode(callingCode)).toEqual([]);
	});

	it('puts first the same main country as libphonenumber for every shared calling code', () => {
		const shared = Object.entries(metadata.country_calling_codes).filter(
			([, codes]) => codes.length > 1,
		);
		expect(shared.length).toBeGreaterThan(10);
		for (const [callingCode, codes] of shared) {
			expect([callingCode, codesOf(callingCode)[0]]).toEqual([callingCode, codes[0]]);
		}
	});

	it('has calling codes of which none starts another, so a number matches at most one', () => {
		const callingCodes = [...new Set(allCountries.map((country) => country.callingCode))];
		const clashes = callingCodes.filter((code) =>
			callingCodes.some((other) => other !== code && other.startsWith(code)),
		);
		expect(clashes).toEqual([]);
	});
});

describe('the country table', () => {
	it('has every ISO 3166-1 alpha-2 code once, plus Kosovo, Ascension and Tristan da Cunha', () => {
		const values = countryOptions.map((option) => option.value);
		expect(values).toHaveLength(252);
		expect([...values].sort()).toEqual([...isoCodes, 'AC', 'TA', 'XK'].sort());
	});

	it("has libphonenumber's possible national numbers exactly where a calling code written without + can fit the lengths either way", () => {
		const eitherWay = allCountries.filter(
			({ callingCode, trunkPrefix = '', minLength, maxLength }) => {
				// Where the calling code is the trunk prefix (1 in North America), both readings agree.
				if (trunkPrefix && callingCode.startsWith(trunkPrefix)) return false;
				const fits = (length: number) => length >= minLength && length <= maxLength;
				for (let length = minLength; length <= maxLength; length++) {
					const rest = length - callingCode.length;
					if (fits(rest) || (trunkPrefix && fits(rest - trunkPrefix.length))) return true;
				}
				return false;
			},
		);
		expect(eitherWay.map((country) => country.code)).toEqual(
			expect.arrayContaining(['AT', 'DE', 'IT', 'NL', 'SE', 'VA']),
		);
		expect(eitherWay.length).toBeGreaterThan(30);

		// Countries libphonenumber lacks dial through the main country of their calling code.
		const patternOf = (country: Country) =>
			possibleNationalNumbers(country.code) ??
			possibleNationalNumbers(countriesByCallingCode(country.callingCode)[0].code);
		for (const country of allCountries) {
			expect([country.code, country.nationalNumberPattern]).toEqual([
				country.code,
				eitherWay.includes(country) ? patternOf(country) : undefined,
			]);
		}
	});

	it('labels each option with its name and calling code, India as "India (+91)"', () => {
		expect(countryOptions).toContainEqual({ name: 'India (+91)', value: 'IN' });
		for (const { name, value } of countryOptions) {
			const country = findCountry(String(value));
			expect(name).toBe(`${country?.name} (+${country?.callingCode})`);
		}
	});

	it('sorts the options by name', () => {
		const names = countryOptions.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
		expect(names.slice(0, 3)).toEqual([
			'Afghanistan (+93)',
			'Åland Islands (+358)',
			'Albania (+355)',
		]);
	});

	it('has the calling code libphonenumber gives every country it knows', () => {
		const known = allCountries.filter((country) => isSupportedCountry(country.code));
		expect(known.length).toBeGreaterThan(240);
		for (const country of known) {
			expect([country.code, country.callingCode]).toEqual([
				country.code,
				isSupportedCountry(country.code) && getCountryCallingCode(country.code),
			]);
		}
	});

	it('has length ranges within the lengths libphonenumber deems possible', () => {
		const known = allCountries.filter((country) => isSupportedCountry(country.code));
		expect(known.length).toBeGreaterThan(240);
		for (const { code, minLength, maxLength } of known) {
			// Item 3 of a numbering plan in libphonenumber's metadata lists every possible length.
			const possible: number[] = isSupportedCountry(code) ? metadata.countries[code]?.[3] : [];
			expect([code, minLength, maxLength]).toEqual([
				code,
				Math.max(minLength, Math.min(...possible)),
				Math.min(maxLength, Math.max(...possible)),
			]);
		}
	});

	it('has sane lengths and digit-only codes everywhere', () => {
		for (const country of allCountries) {
			expect([country.code, /^[1-9]\d{0,2}$/.test(country.callingCode)]).toEqual([
				country.code,
				true,
			]);
			expect([country.code, /^(\d{1,2})?$/.test(country.trunkPrefix ?? '')]).toEqual([
				country.code,
				true,
			]);
			expect([country.code, country.minLength <= country.maxLength]).toEqual([country.code, true]);
		}
	});
});
