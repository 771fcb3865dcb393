// Writes the labelled evaluation set of the classification engine:
//   node tools/classification/generate-evaluation.mjs
// One JSON line per sample in tests/DataGovernance.Tests/Classification/evaluation/<Entity>.jsonl:
//   {"about":"CreditCard","case":"wrong check digit","text":"…","entities":[{"type":"CreditCard","value":"…"}]}
// or with "record" (a JSON object) instead of "text" and entities carrying the field "path".
// Check digits are computed here independently of the C# recognizers, from a fixed seed, so the set is reproducible.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const out = join(dirname(fileURLToPath(import.meta.url)), "../../tests/DataGovernance.Tests/Classification/evaluation");
let seed = 20261124;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[int(0, list.length - 1)];
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join("");
const pad = (n, width) => String(n).padStart(width, "0");
const wrongDigit = (d) => String((Number(d) + int(1, 9)) % 10);

// ---- check digits -------------------------------------------------------------------------------------------------
const luhnOk = (s) => {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
};
const luhnComplete = (body) => { for (let c = 0; c < 10; c++) if (luhnOk(body + c)) return body + c; };
const mod = (numeric, m) => Number(BigInt(numeric) % BigInt(m));
const ibanNumeric = (s) => [...s].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join("");
const ibanOk = (s) => mod(ibanNumeric(s.slice(4) + s.slice(0, 4)), 97) === 1;
const nhsCheck = (nine) => { const r = 11 - ([...nine].reduce((a, d, i) => a + Number(d) * (10 - i), 0) % 11); return r === 11 ? 0 : r; };
const nhsOk = (s) => s.length === 10 && nhsCheck(s.slice(0, 9)) === Number(s[9]) && new Set(s).size > 1;
const deCheck = (ten) => {
  let product = 10;
  for (const d of ten) { let sum = (Number(d) + product) % 10; if (sum === 0) sum = 10; product = (sum * 2) % 11; }
  const c = 11 - product; return c === 10 ? 0 : c;
};
const deRepetitionOk = (ten) => {
  const counts = {}; for (const d of ten) counts[d] = (counts[d] ?? 0) + 1;
  const repeated = Object.entries(counts).filter(([, n]) => n > 1);
  return repeated.length === 1 && (repeated[0][1] === 2 || (repeated[0][1] === 3 && !ten.includes(repeated[0][0].repeat(3))));
};
const deOk = (s) => s.length === 11 && s[0] !== "0" && deRepetitionOk(s.slice(0, 10)) && deCheck(s.slice(0, 10)) === Number(s[10]);
const peselWeights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
const peselCheck = (ten) => (10 - ([...ten].reduce((a, d, i) => a + Number(d) * peselWeights[i], 0) % 10)) % 10;
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const peselDateOk = (s) => {
  const yy = Number(s.slice(0, 2)); let m = Number(s.slice(2, 4)); const d = Number(s.slice(4, 6));
  const century = { 4: 1800, 0: 1900, 1: 2000, 2: 2100, 3: 2200 }[Math.floor(m / 20)]; m %= 20;
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(century + yy, m);
};
const peselOk = (s) => s.length === 11 && peselCheck(s.slice(0, 10)) === Number(s[10]) && peselDateOk(s);
const bsnOk = (s) => { const sum = [...s.slice(0, 8)].reduce((a, d, i) => a + Number(d) * (9 - i), 0) - Number(s[8]); return s.length === 9 && sum > 0 && sum % 11 === 0; };
const nifLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
const cfOdd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const cfCheck = (fifteen) => {
  let sum = 0;
  [...fifteen].forEach((c, i) => {
    const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? (/\d/.test(c) ? cfOdd[Number(c)] : cfOdd[v]) : v;
  });
  return String.fromCharCode(65 + (sum % 26));
};
const nirKey = (thirteen) => 97 - mod(thirteen.replace("2A", "19").replace("2B", "18"), 97);

// Digit strings valid as some identifier of the same length: negatives must be none of them, positives only their own.
const validAs = (s) => {
  const d = s.replace(/\D/g, ""); const found = [];
  if (d.length >= 13 && d.length <= 19 && luhnOk(d)) found.push("CreditCard");
  if (d.length === 10 && nhsOk(d)) found.push("UkNhsNumber");
  if (d.length === 11 && deOk(d)) found.push("DeTaxId");
  if (d.length === 11 && peselOk(d)) found.push("PlPesel");
  if (d.length === 9 && bsnOk(d)) found.push("NlBsn");
  return found;
};

// ---- generators ------------------------------------------------------------------------------------------------------
const sets = {};
const add = (about, kase, text, entities = []) => (sets[about] ??= []).push({ about, case: kase, text, entities });
const addRecord = (about, kase, record, entities = []) => (sets[about] ??= []).push({ about, case: kase, record, entities });
const positive = (type, value, contexts, plain) => {
  const withContext = random() < 0.5;
  const text = (withContext ? pick(contexts) : pick(plain)).replace("{}", value);
  add(type, withContext ? "valid, with context" : "valid, no context", text, [{ type, value }]);
};
const negative = (type, kase, value, templates) => add(type, kase, pick(templates).replace("{}", value));
const N = 45;
const neutral = ["Reference {} was logged.", "Row 17: {}", "Imported value {} from the legacy export.", "See item {} in the appendix."];
const lookalike = ["Order number {} shipped today.", "Tracking id {} (courier).", "Invoice {} is overdue.", "Build {} passed."];
const repeatUntil = (make, ok) => { for (;;) { const v = make(); if (ok(v)) return v; } };

// Credit cards
const cardPrefixes = [["4", 16], ["4", 13], ["51", 16], ["55", 16], ["2221", 16], ["2720", 16], ["34", 15], ["37", 15], ["6011", 16], ["65", 16], ["3530", 16], ["36", 14], ["62", 16]];
const groupCard = (n) => (n.length === 16 && random() < 0.6 ? n.replace(/(\d{4})(?=\d)/g, random() < 0.5 ? "$1 " : "$1-") : n);
for (let i = 0; i < N; i++) {
  const [prefix, length] = pick(cardPrefixes);
  const number = repeatUntil(() => luhnComplete(prefix + digits(length - prefix.length - 1)), (n) => validAs(n).join() === "CreditCard");
  positive("CreditCard", groupCard(number), ["Card number: {}", "Paid by Visa/Mastercard {} yesterday.", "PAN {} expires 09/29"], neutral);
}
for (let i = 0; i < N; i++) {
  const [prefix, length] = pick(cardPrefixes);
  const valid = luhnComplete(prefix + digits(length - prefix.length - 1));
  if (i % 3 === 0) negative("CreditCard", "wrong check digit", groupCard(repeatUntil(() => valid.slice(0, -1) + wrongDigit(valid.at(-1)), (n) => validAs(n).length === 0)), ["Card number: {}", ...lookalike]);
  else if (i % 3 === 1) negative("CreditCard", "unknown issuer range", repeatUntil(() => luhnComplete(pick(["1", "7", "8", "99"]) + digits(14)), (n) => true), ["Card number: {}", ...lookalike]);
  else negative("CreditCard", "Luhn-valid, wrong length for issuer", repeatUntil(() => luhnComplete("4" + digits(pick([13, 14, 16]))), (n) => validAs(n).join() === "CreditCard" && n.length !== 16 && n.length !== 13 && n.length !== 19), ["Card number: {}", ...lookalike]);
}

// Barcodes that are also Luhn-valid and in the Visa range: told apart only by the word next to them.
const eanCheck = (twelve) => (10 - ([...twelve].reduce((a, d, i) => a + Number(d) * (i % 2 ? 3 : 1), 0) % 10)) % 10;
for (let i = 0; i < 15; i++) {
  const ean = repeatUntil(() => { const t = pick(["40", "41", "42", "43", "44"]) + digits(10); return t + eanCheck(t); }, (v) => luhnOk(v));
  negative("CreditCard", "EAN-13 barcode that passes Luhn", ean, ["EAN {}", "GTIN: {}", "Scan barcode {} at the till.", "SKU {} restocked"]);
}

// IBAN
const ibanCountries = [["DE", 22], ["GB", 22, "NWBK"], ["FR", 27], ["NL", 18, "ABNA"], ["ES", 24], ["IT", 27, "X"], ["BE", 16], ["CH", 21], ["PL", 28], ["SE", 24], ["AT", 20], ["NO", 15]];
const ibanFor = ([cc, length, letters = ""]) => {
  const bban = letters + digits(length - 4 - letters.length);
  const check = pad(98 - mod(ibanNumeric(bban + cc + "00"), 97), 2);
  return cc + check + bban;
};
const groupIban = (s) => (random() < 0.5 ? s.replace(/(.{4})(?=.)/g, "$1 ") : s);
for (let i = 0; i < N; i++) positive("Iban", groupIban(ibanFor(pick(ibanCountries))), ["IBAN: {}", "Please transfer to account {}.", "Bank details: {}"], neutral);
for (let i = 0; i < N; i++) {
  const country = pick(ibanCountries); const valid = ibanFor(country);
  if (i % 3 === 0) negative("Iban", "wrong check digits", groupIban(valid.slice(0, 2) + pad((Number(valid.slice(2, 4)) + int(1, 50)) % 97 + 2, 2) + valid.slice(4)), ["IBAN: {}", ...neutral]);
  else if (i % 3 === 1) negative("Iban", "wrong length for country", groupIban(repeatUntil(() => { const v = valid + digits(1); return v.slice(0, 2) + pad(98 - mod(ibanNumeric(v.slice(4) + v.slice(0, 2) + "00"), 97), 2) + v.slice(4); }, (v) => ibanOk(v))), ["IBAN: {}", ...neutral]);
  else negative("Iban", "typo in account number", groupIban(repeatUntil(() => { const at = int(6, valid.length - 1); return /\d/.test(valid[at]) ? valid.slice(0, at) + wrongDigit(valid[at]) + valid.slice(at + 1) : valid; }, (v) => !ibanOk(v))), ["Bank details: {}", ...lookalike]);
}

// US SSN
const ssn = () => pad(repeatUntil(() => int(1, 899), (a) => a !== 666), 3) + "-" + pad(int(1, 99), 2) + "-" + pad(int(1, 9999), 4);
for (let i = 0; i < N; i++) positive("UsSsn", repeatUntil(ssn, (s) => !["078-05-1120", "219-09-9999", "123-45-6789"].includes(s)), ["SSN: {}", "Social Security number {} on file"], neutral);
for (let i = 0; i < N; i++) {
  const [a, g, s] = ssn().split("-");
  const kase = i % 5;
  const value = [`000-${g}-${s}`, `666-${g}-${s}`, `${int(900, 999)}-${g}-${s}`, `${a}-00-${s}`, `${a}-${g}-0000`][kase];
  negative("UsSsn", ["area 000", "area 666", "area 900-999", "group 00", "serial 0000"][kase], value, ["SSN: {}", ...neutral]);
}

// UK NINO
const ninoFirst = "ABCEGHJKLMNOPRSTWXYZ", ninoSecond = "ABCEGHJKLMNPRSTWXYZ";
const nino = () => repeatUntil(() => pick([...ninoFirst]) + pick([...ninoSecond]), (p) => !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].includes(p)) + digits(6) + pick(["A", "B", "C", "D"]);
const spaceNino = (v) => (random() < 0.5 ? v.replace(/^(..)(..)(..)(..)(.)$/, "$1 $2 $3 $4 $5") : v);
for (let i = 0; i < N; i++) positive("UkNino", spaceNino(nino()), ["National Insurance number: {}", "NINO {}"], neutral);
for (let i = 0; i < N; i++) {
  const valid = nino(); const kase = i % 4;
  const value = [pick([..."DFIQUV"]) + valid.slice(1), valid[0] + pick([..."DFIQUVO"]) + valid.slice(2), pick(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]) + valid.slice(2), valid.slice(0, 8) + pick(["E", "F", "X"])][kase];
  negative("UkNino", ["invalid first letter", "invalid second letter", "unallocated prefix", "suffix not A-D"][kase], spaceNino(value), ["National Insurance number: {}", ...neutral]);
}

// UK NHS number
const nhs = () => repeatUntil(() => { const nine = digits(9); const c = nhsCheck(nine); return c === 10 ? "" : nine + c; }, (v) => v && validAs(v).join() === "UkNhsNumber");
const spaceNhs = (v) => (random() < 0.6 ? v.replace(/^(\d{3})(\d{3})(\d{4})$/, "$1 $2 $3") : v);
for (let i = 0; i < N; i++) positive("UkNhsNumber", spaceNhs(nhs()), ["NHS number {}", "Patient NHS no. {}"], neutral);
for (let i = 0; i < N; i++) {
  if (i % 3 === 2) { negative("UkNhsNumber", "check digit would be 10", spaceNhs(repeatUntil(() => { const n = digits(9); return nhsCheck(n) === 10 ? n + int(0, 9) : ""; }, (v) => v && validAs(v).length === 0)), ["NHS number {}", ...lookalike]); continue; }
  const valid = nhs();
  negative("UkNhsNumber", "wrong check digit", spaceNhs(repeatUntil(() => valid.slice(0, 9) + wrongDigit(valid[9]), (v) => validAs(v).length === 0)), ["NHS number {}", ...lookalike]);
}

// DE Steuer-IdNr
const deBody = () => {
  const pool = [..."0123456789"].sort(() => random() - 0.5);
  const first = repeatUntil(() => pool.slice(0, 9), (p) => true);
  const repeated = first[int(0, 8)];
  const ten = [...first, repeated].sort(() => random() - 0.5).join("");
  return ten;
};
const deTaxId = () => repeatUntil(() => { const t = deBody(); return t + deCheck(t); }, (v) => v[0] !== "0" && deOk(v) && validAs(v).join() === "DeTaxId");
const spaceDe = (v) => (random() < 0.4 ? v.replace(/^(\d{2})(\d{3})(\d{3})(\d{3})$/, "$1 $2 $3 $4") : v);
for (let i = 0; i < N; i++) positive("DeTaxId", spaceDe(deTaxId()), ["Steuer-IdNr.: {}", "Steuerliche Identifikationsnummer {}", "Tax ID {}"], neutral);
for (let i = 0; i < N; i++) {
  const valid = deTaxId(); const kase = i % 3;
  if (kase === 0) negative("DeTaxId", "wrong check digit", repeatUntil(() => valid.slice(0, 10) + wrongDigit(valid[10]), (v) => validAs(v).length === 0), ["Steuer-IdNr.: {}", ...lookalike]);
  else if (kase === 1) negative("DeTaxId", "no repeated digit", repeatUntil(() => { const t = [..."0123456789"].sort(() => random() - 0.5).join(""); return t + deCheck(t); }, (v) => v[0] !== "0" && validAs(v).length === 0), ["Steuer-IdNr.: {}", ...lookalike]);
  else negative("DeTaxId", "leading zero", repeatUntil(() => { const t = "0" + deBody().slice(1); return t + deCheck(t); }, (v) => validAs(v).length === 0), ["Steuer-IdNr.: {}", ...lookalike]);
}

// ES NIF / NIE
const nif = () => { const n = digits(8); return n + nifLetters[Number(n) % 23]; };
const nie = () => { const p = pick(["X", "Y", "Z"]); const n = digits(7); return p + n + nifLetters[Number("XYZ".indexOf(p) + n) % 23]; };
for (let i = 0; i < N; i++) positive("EsNif", i % 3 === 0 ? nie() : nif(), ["DNI/NIF: {}", "NIE {}", "Documento de identidad {}"], neutral);
for (let i = 0; i < N; i++) {
  const valid = i % 3 === 0 ? nie() : nif();
  const other = repeatUntil(() => pick([...nifLetters]), (l) => l !== valid.at(-1));
  negative("EsNif", "wrong control letter", valid.slice(0, -1) + other, ["DNI/NIF: {}", ...lookalike]);
}

// IT codice fiscale
const letters = (n) => Array.from({ length: n }, () => String.fromCharCode(65 + int(0, 25))).join("");
const cf = () => { const body = letters(6) + pad(int(0, 99), 2) + pick([..."ABCDEHLMPRST"]) + pad(int(1, 31) + (random() < 0.5 ? 40 : 0), 2) + pick([..."ABCDEFGHILM"]) + pad(int(1, 999), 3); return body + cfCheck(body); };
for (let i = 0; i < N; i++) positive("ItCodiceFiscale", cf(), ["Codice fiscale: {}", "CF {}"], neutral);
for (let i = 0; i < N; i++) {
  const valid = cf(); const other = repeatUntil(() => letters(1), (l) => l !== valid.at(-1));
  negative("ItCodiceFiscale", "wrong check character", valid.slice(0, 15) + other, ["Codice fiscale: {}", ...neutral]);
}

// FR NIR
const nirBody = () => pick(["1", "2"]) + pad(int(0, 99), 2) + pad(int(1, 12), 2) + (random() < 0.1 ? pick(["2A", "2B"]) : pad(int(1, 95), 2)) + pad(int(1, 999), 3) + pad(int(1, 999), 3);
const groupNir = (v) => (random() < 0.5 ? v.replace(/^(.)(..)(..)(..)(...)(...)(..)$/, "$1 $2 $3 $4 $5 $6 $7") : v);
const nir = () => repeatUntil(() => { const b = nirBody(); return b + pad(nirKey(b), 2); }, (v) => validAs(v).length === 0);
for (let i = 0; i < N; i++) positive("FrNir", groupNir(nir()), ["Numéro de sécurité sociale : {}", "NIR {}"], neutral);
for (let i = 0; i < N; i++) {
  const valid = nir(); const kase = i % 2;
  if (kase === 0) negative("FrNir", "wrong key", groupNir(repeatUntil(() => valid.slice(0, 13) + pad((Number(valid.slice(13)) + int(1, 90)) % 97 + 1, 2), (v) => v !== valid && validAs(v).length === 0)), ["NIR {}", ...lookalike]);
  else negative("FrNir", "month 13-19", groupNir(repeatUntil(() => { const b = valid.slice(0, 3) + int(13, 19) + valid.slice(5, 13); return b + pad(nirKey(b), 2); }, (v) => validAs(v).length === 0)), ["NIR {}", ...lookalike]);
}

// NL BSN
const bsn = () => repeatUntil(() => digits(9), (v) => bsnOk(v) && v[0] !== "0" && validAs(v).join() === "NlBsn");
for (let i = 0; i < N; i++) positive("NlBsn", bsn(), ["BSN: {}", "Burgerservicenummer {}"], neutral);
for (let i = 0; i < N; i++) {
  const valid = bsn();
  negative("NlBsn", "fails the eleven test", repeatUntil(() => valid.slice(0, 8) + wrongDigit(valid[8]), (v) => validAs(v).length === 0), ["BSN: {}", ...lookalike]);
}

// PL PESEL
const peselBody = () => { const year = int(1900, 2024); const month = int(1, 12); return pad(year % 100, 2) + pad(month + (year >= 2000 ? 20 : 0), 2) + pad(int(1, daysIn(year, month)), 2) + digits(4); };
const pesel = () => repeatUntil(() => { const b = peselBody(); return b + peselCheck(b); }, (v) => validAs(v).join() === "PlPesel");
for (let i = 0; i < N; i++) positive("PlPesel", pesel(), ["PESEL: {}", "numer PESEL {}"], neutral);
for (let i = 0; i < N; i++) {
  const valid = pesel();
  if (i % 2 === 0) negative("PlPesel", "wrong check digit", repeatUntil(() => valid.slice(0, 10) + wrongDigit(valid[10]), (v) => validAs(v).length === 0), ["PESEL: {}", ...lookalike]);
  else negative("PlPesel", "impossible date", repeatUntil(() => { const b = valid.slice(0, 2) + pick(["13", "19", "33", "00"]) + valid.slice(4, 10); return b + peselCheck(b); }, (v) => validAs(v).length === 0), ["PESEL: {}", ...lookalike]);
}

// SE personnummer
const pnrBody = () => { const year = int(1930, 2020); const month = int(1, 12); return [year, pad(year % 100, 2) + pad(month, 2) + pad(int(1, daysIn(year, month)), 2) + digits(3)]; };
const pnr = () => { const [year, nine] = pnrBody(); const ten = luhnComplete(nine); return random() < 0.3 ? `${String(year).slice(0, 2)}${ten.slice(0, 6)}-${ten.slice(6)}` : `${ten.slice(0, 6)}-${ten.slice(6)}`; };
for (let i = 0; i < N; i++) positive("SePersonnummer", pnr(), ["Personnummer: {}", "pnr {}"], neutral);
for (let i = 0; i < N; i++) {
  const valid = pnr();
  if (i % 2 === 0) negative("SePersonnummer", "wrong check digit", valid.slice(0, -1) + wrongDigit(valid.at(-1)), ["Personnummer: {}", ...lookalike]);
  else { const [, nine] = pnrBody(); const bad = nine.slice(0, 2) + pick(["13", "00", "15"]) + nine.slice(4); const ten = luhnComplete(bad); negative("SePersonnummer", "impossible month", `${ten.slice(0, 6)}-${ten.slice(6)}`, ["Personnummer: {}", ...lookalike]); }
}

// Email, IP addresses, phone numbers, dates of birth: shapes without check digits.
const names = ["ada", "grace.hopper", "j.smith", "maria_garcia", "li.wei", "o.connor", "anna-lena"];
for (let i = 0; i < 20; i++) positive("Email", `${pick(names)}${int(1, 99)}@${pick(["example.com", "contoso.co.uk", "mail.example.org", "fabrikam.de"])}`, ["Email: {}", "Contact {} for access."], neutral);
for (const value of ["user@localhost", "@contoso", "name at example dot com", "ada@", "mailto:", "a@b", "support@example", "foo@@example.com"]) negative("Email", "not an address", value, neutral);
for (let i = 0; i < 20; i++) positive("IpAddress", random() < 0.6 ? `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}` : `2001:db8:${int(1, 65535).toString(16)}::${int(1, 65535).toString(16)}`, ["Client IP {}", "Sign-in from {} blocked."], neutral);
for (const value of ["1.2.3.4", "10.0.19041.1", "2.5.4.3"]) negative("IpAddress", "version number or OID", value, ["Upgraded to version {}.", "Release {} is out.", "OID {} (commonName)"]);
for (const value of ["256.1.1.1", "10.0.0.300", "1.2.3", "192.168.1", "01.02.03.04", "999.999.999.999", "12:30", "1:2"]) negative("IpAddress", "not an address", value, neutral);
const phones = ["+44 20 7946 0958", "+1 212-555-0142", "+49 30 901820", "+33 1 42 68 53 00", "+46 8 123 456 78", "+31 20 624 1111", "+34 912 34 56 78", "+39 06 6982", "+48 22 123 45 67", "+1 (415) 555-0100"];
for (const value of phones) positive("Phone", value, ["Phone: {}", "Call {}"], neutral);
for (const value of ["(020) 7946 0958", "212-555-0142", "030 901820"]) add("Phone", "national, with context", `Phone: ${value}`, [{ type: "Phone", value }]);
for (const value of ["2024", "12-34", "+0 000", "555-01", "1.2.3.4.5"]) negative("Phone", "not a number", value, neutral);
const months = ["January", "March", "July", "October", "December"];
for (let i = 0; i < 20; i++) {
  const [y, m, d] = [int(1930, 2010), int(1, 12), int(1, 28)];
  const value = pick([`${y}-${pad(m, 2)}-${pad(d, 2)}`, `${pad(d, 2)}.${pad(m, 2)}.${y}`, `${d} ${months[m % 5]} ${y}`]);
  add("DateOfBirth", "date with context", pick(["Born {} in Leeds.", "DOB: {}", "Date of birth {}", "geboren am {}"]).replace("{}", value), [{ type: "DateOfBirth", value }]);
}
for (const value of ["2024-03-12", "01.04.2025", "12 March 2019"]) negative("DateOfBirth", "date without context", value, ["Invoice dated {}.", "Review due {}."]);
for (const value of ["1980-02-31", "31.04.1975", "32 May 1990"]) negative("DateOfBirth", "impossible date", value, ["Born {}", "DOB: {}"]);

// Person names in person-like fields of records.
const people = ["Ada Lovelace", "Grace Hopper", "Jean-Luc Picard", "María García", "Ludwig van Beethoven", "Siobhán O'Connor", "Li Wei", "Anna Schmidt"];
for (const [i, value] of people.entries()) {
  const field = ["owner", "fullName", "contactName", "firstName", "name", "assessor", "lastName", "reviewer"][i];
  addRecord("PersonName", "name in a person field", { [field]: value, status: "active" }, [{ type: "PersonName", path: field, value }]);
}
for (const record of [{ owner: "owner-1" }, { title: "Quarterly Access Review" }, { contact: "security@example.com" }, { fullName: "ACME 2024 Ltd" }, { owner: "team-42" }]) {
  const entities = record.contact ? [{ type: "Email", path: "contact", value: record.contact }] : [];
  addRecord("PersonName", "not a name or not a person field", record, entities);
}

// Several entities in one sentence, as they occur in exports and tickets.
for (let i = 0; i < 20; i++) {
  const parts = [
    ["Email", `${pick(names)}@example.com`, "mail {}"],
    ["Phone", pick(phones), "phone {}"],
    ["Iban", ibanFor(pick(ibanCountries)), "IBAN {}"],
    ["CreditCard", luhnComplete("4" + digits(14)), "card {}"],
    ["UkNino", nino(), "NI number {}"],
    ["PlPesel", pesel(), "PESEL {}"],
    ["EsNif", nif(), "DNI {}"],
    ["SePersonnummer", pnr(), "personnummer {}"],
    ["NlBsn", bsn(), "BSN {}"],
  ].sort(() => random() - 0.5).slice(0, 3);
  const text = "Contact record: " + parts.map(([, value, template]) => template.replace("{}", value)).join(", ") + ".";
  add("Mixed", "three entities in one sentence", text, parts.map(([type, value]) => ({ type, value })));
}

mkdirSync(out, { recursive: true });
for (const [about, samples] of Object.entries(sets)) {
  writeFileSync(join(out, `${about}.jsonl`), samples.map((s) => JSON.stringify(s)).join("\n") + "\n");
}
console.log(Object.entries(sets).map(([about, s]) => `${about}: ${s.filter((x) => x.entities.length).length} positive, ${s.filter((x) => !x.entities.length).length} negative`).join("\n"));
