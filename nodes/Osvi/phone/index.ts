import { countriesByCallingCode, findCountry } from './countries';
import type { Country } from './countries';

/**
 * A number as OSVI's POST /call wants it (national digits, ISO country) and in E.164 (as campaign
 * contacts and the Do Not Disturb list take it), or why it is not one.
 */
export type PhoneNormalization =
	| { ok: true; phoneNumber: string; countryCode: string; e164: string }
	| { ok: false; reason: string };

// What people put between digits when they write a number; any other character means it is not one.
const separators = /[\s\-.()]/g;
const example = 'e.g. +91 98765 43210';

/**
 * Reads a phone number as people write it: in national form for `defaultCountry`, or in
 * international form with + or 00, which then decides the country. Never throws.
 */
export function normalizePhoneNumber(input: string, defaultCountry: string): PhoneNormalization {
	const text = String(input ?? '').trim();
	if (text === '') {
		return fail(`The phone number is empty. Enter the number to call, ${example}.`);
	}
	const compact = text.replace(separators, '');
	const stray = /[^\d+]/.exec(compact);
	if (stray) {
		return fail(
			`The phone number contains "${stray[0]}". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, ${example}.`,
		);
	}
	if (compact.lastIndexOf('+') > 0) {
		return fail(
			`The phone number has a + after its start. Put + only before the country code, ${example}.`,
		);
	}
	const digits = compact.replace('+', '');
	if (digits === '') {
		return fail(`The phone number has no digits. Enter the number to call, ${example}.`);
	}

	if (compact.startsWith('+')) return normalizeInternational(digits, defaultCountry);
	if (digits.startsWith('00')) return normalizeInternational(digits.slice(2), defaultCountry);

	const country = findCountry(defaultCountry);
	if (!country) {
		return fail(
			`"${defaultCountry}" is not an ISO 3166-1 alpha-2 country code. Choose the country from the list or use a code such as IN or US, or write the number with + and its country code.`,
		);
	}
	return normalizeNational(digits, country);
}

// The country written in the number wins over the default, which only settles shared calling codes.
function normalizeInternational(digits: string, defaultCountry: string): PhoneNormalization {
	// Calling codes are prefix-free, so at most one of these matches; longest first to be safe.
	const callingCode = [3, 2, 1]
		.map((length) => digits.slice(0, length))
		.find((prefix) => countriesByCallingCode(prefix).length > 0);
	if (!callingCode) {
		return fail(
			`+${digits.slice(0, 3)} is not a country calling code. Check the digits after + or 00, e.g. +91 for India or +1 for the United States.`,
		);
	}

	const rest = digits.slice(callingCode.length);
	const sharing = countriesByCallingCode(callingCode);
	const preferred = sharing.find((country) => country === findCountry(defaultCountry));
	const candidates = preferred
		? [preferred, ...sharing.filter((country) => country !== preferred)]
		: sharing;
	// Countries sharing a code can differ in length, e.g. +44 1xxx xxxxx is British, not from Jersey.
	const country =
		candidates.find((candidate) => fits(stripTrunkPrefix(rest, candidate), candidate)) ??
		candidates[0];
	return checkLength(stripTrunkPrefix(rest, country), country, false);
}

function normalizeNational(digits: string, country: Country): PhoneNormalization {
	// Countries sharing a calling code dial the same digits, so a sibling whose lengths fit is named
	// instead: 8123 chosen as Saint Helena is Tristan da Cunha's, as libphonenumber says.
	const siblings = countriesByCallingCode(country.callingCode).filter((other) => other !== country);
	for (const candidate of [country, ...siblings]) {
		const reading = readNational(digits, candidate);
		if (reading) return reading;
	}
	const national = stripTrunkPrefix(digits, country);
	const { callingCode } = country;
	if (national.length > country.maxLength && digits.startsWith(callingCode)) {
		const afterCallingCode = stripTrunkPrefix(digits.slice(callingCode.length), country);
		return fail(
			`The phone number has ${digitCount(national)}, and ${afterCallingCode.length} after the country code ${callingCode}, but ${lengthRule(country)} Check for missing or extra digits.`,
		);
	}
	return checkLength(national, country, true);
}

/*
 * People also write the country's calling code without + (32 02 780 21 10, 39 349 349 4770).
 * Decision: read it as the calling code, dropping a trunk prefix after it as after +, only when
 * the digits cannot be a national number: too long, or (where both readings fit the lengths) not
 * a possible national number by libphonenumber's pattern. When both readings are possible, refuse
 * and ask for +: libphonenumber then picks the national reading, which for 49 030 12345678 in
 * Germany is not even a valid number, and a wrong guess dials a stranger.
 */
function readNational(digits: string, country: Country): PhoneNormalization | undefined {
	const national = stripTrunkPrefix(digits, country);
	const { callingCode } = country;
	const afterCallingCode = digits.startsWith(callingCode)
		? stripTrunkPrefix(digits.slice(callingCode.length), country)
		: undefined;
	const nationalFits = fits(national, country);
	const afterCallingCodeFits = afterCallingCode !== undefined && fits(afterCallingCode, country);

	if (nationalFits && afterCallingCodeFits && national !== afterCallingCode) {
		const nationalPossible = isPossible(national, country);
		const afterCallingCodePossible = isPossible(afterCallingCode, country);
		if (nationalPossible !== afterCallingCodePossible) {
			return success(nationalPossible ? national : afterCallingCode, country);
		}
		return fail(
			`The phone number starts with ${callingCode}, the country code of ${country.name}, but it could also be a number in ${country.name} that itself begins with ${callingCode}. Write it with + and the country code: +${callingCode} ${afterCallingCode} if ${callingCode} is the country code, or +${callingCode} ${national} if the number itself begins with ${callingCode}.`,
		);
	}
	if (nationalFits) return success(national, country);
	if (afterCallingCodeFits) return success(afterCallingCode, country);
	return undefined;
}

// Also applies after a calling code, as in +44 (0)20 7946 0958.
function stripTrunkPrefix(digits: string, country: Country): string {
	const { trunkPrefix } = country;
	if (!trunkPrefix || !digits.startsWith(trunkPrefix)) return digits;
	if (country.numbersMayStartWithTrunkPrefix && digits.length <= country.maxLength) return digits;
	return digits.slice(trunkPrefix.length);
}

function fits(digits: string, country: Country): boolean {
	return digits.length >= country.minLength && digits.length <= country.maxLength;
}

// Only countries where readings can tie on length carry a pattern; elsewhere length decides.
function isPossible(digits: string, country: Country): boolean {
	return country.nationalNumberPattern?.test(digits) ?? true;
}

function checkLength(digits: string, country: Country, national: boolean): PhoneNormalization {
	if (fits(digits, country)) return success(digits, country);

	const problem = `The phone number has ${digitCount(digits)}, but ${lengthRule(country)}`;
	if (digits.length < country.minLength) return fail(`${problem} Check for missing digits.`);
	return fail(
		national
			? `${problem} Check for extra digits, and write a number from another country with + and its country code.`
			: `${problem} Check for extra digits.`,
	);
}

function digitCount(digits: string): string {
	return `${digits.length} ${digits.length === 1 ? 'digit' : 'digits'}`;
}

function lengthRule(country: Country): string {
	const expected =
		country.minLength === country.maxLength
			? `${country.maxLength}`
			: `${country.minLength} to ${country.maxLength}`;
	const notCounting = country.trunkPrefix
		? `the country code or a leading ${country.trunkPrefix}`
		: 'the country code';
	return `numbers in ${country.name} (+${country.callingCode}) have ${expected}, not counting ${notCounting}.`;
}

function success(digits: string, country: Country): PhoneNormalization {
	return {
		ok: true,
		phoneNumber: digits,
		countryCode: country.code,
		e164: `+${country.callingCode}${digits}`,
	};
}

function fail(reason: string): PhoneNormalization {
	return { ok: false, reason };
}
