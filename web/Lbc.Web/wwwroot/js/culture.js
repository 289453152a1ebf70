// The UI language choice: only a culture name, in a cookie (no personal data in browser storage).
const cookieName = 'lbc.culture';

export function getCookieCulture() {
    for (const part of document.cookie.split(';')) {
        const [k, v] = part.trim().split('=');
        if (k === cookieName && v) {
            return decodeURIComponent(v);
        }
    }
    return null;
}

export function setCookieCulture(name) {
    document.cookie = `${cookieName}=${encodeURIComponent(name)}; path=/; max-age=31536000; SameSite=Lax`;
}

export function setDocumentLang(name) {
    document.documentElement.lang = name;
}
