import { countriesByCallingCode, findCountry } from './countries';
import type { Country } from './countries';

/** A number as OSVI's POST /call wants it (national digits, ISO country), or why it is not one. */
export type PhoneNormalization =
	| { ok: true; phoneNumber: string; countryCode: string }
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
	return checkLength(nationalNumber(digits, country), country, true);
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

function nationalNumber(digits: string, country: Country): string {
	const national = stripTrunkPrefix(digits, country);
	// Numbers are often written with the country code but without + (91 98765 43210); like
	// libphonenumber, read them so only when the digits are too many to be a national number.
	if (national.length > country.maxLength && digits.startsWith(country.callingCode)) {
		const withoutCallingCode = digits.slice(country.callingCode.length);
		if (fits(withoutCallingCode, country)) return withoutCallingCode;
	}
	return national;
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

function checkLength(digits: string, country: Country, national: boolean): PhoneNormalization {
	if (fits(digits, country)) return { ok: true, phoneNumber: digits, countryCode: country.code };

	const count = `${digits.length} ${digits.length === 1 ? 'digit' : 'digits'}`;
	const expected =
		country.minLength === country.maxLength
			? `${country.maxLength}`
			: `${country.minLength} to ${country.maxLength}`;
	const notCounting = country.trunkPrefix
		? `the country code or a leading ${country.trunkPrefix}`
		: 'the country code';
	const problem = `The phone number has ${count}, but numbers in ${country.name} (+${country.callingCode}) have ${expected}, not counting ${notCounting}.`;
	if (digits.length < country.minLength) return fail(`${problem} Check for missing digits.`);
	return fail(
		national
			? `${problem} Check for extra digits, and write a number from another country with + and its country code.`
			: `${problem} Check for extra digits.`,
	);
}

function fail(reason: string): PhoneNormalization {
	return { ok: false, reason };
}
