export const id = 347;
export const ids = [347];
export const modules = {

/***/ 2347:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readFacts: () => (/* binding */ readFacts)
/* harmony export */ });
/* harmony import */ var ajv__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2463);
/* harmony import */ var ajv__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(ajv__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _markup_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3031);
// Pure: what the verification probe printed, read and checked against its
// schema. The text comes from the guest, so nothing in it is trusted: a line
// that is not the probe's JSON is not facts.


// PowerShell 5.1's ConvertTo-Json writes a one-item array as its item.
const profiles = {
    anyOf: [
        { type: 'array', items: { type: 'string', maxLength: 32 }, maxItems: 8 },
        { type: 'string', maxLength: 32 }
    ]
};
const schema = {
    type: 'object',
    required: ['probe', 'time', 'domainRole', 'rdp'],
    properties: {
        probe: { const: 'verify/2' },
        time: { type: 'string', maxLength: 40 },
        domainRole: { type: 'integer', minimum: 0, maximum: 5 },
        account: {
            type: 'object',
            required: ['name', 'exists'],
            properties: {
                name: { type: 'string', maxLength: 256 },
                exists: { type: 'boolean' },
                enabled: { type: 'boolean' },
                admin: { type: 'boolean' },
                passwordLastSet: { type: ['string', 'null'], maxLength: 40 },
                passwordAgeSeconds: { type: 'integer', minimum: 0 }
            }
        },
        logon: {
            type: 'object',
            required: ['attempted', 'code'],
            properties: {
                attempted: { type: 'boolean' },
                code: { type: 'integer' }
            }
        },
        rdp: {
            type: 'object',
            required: ['fDenyTSConnections', 'portNumber', 'termService', 'firewall'],
            properties: {
                fDenyTSConnections: { type: 'integer' },
                portNumber: { type: 'integer', minimum: 0, maximum: 65535 },
                termService: { type: 'string', maxLength: 32 },
                firewall: {
                    type: 'object',
                    required: ['activeProfiles', 'enabledProfiles'],
                    properties: { activeProfiles: profiles, enabledProfiles: profiles }
                }
            }
        }
    }
};
const isProbeOutput = new ajv__WEBPACK_IMPORTED_MODULE_0__.Ajv({ allErrors: false, strict: false }).compile(schema);
/** The facts in the probe's stdout (its last JSON line), or why there are none. */
function readFacts(stdout) {
    const line = stdout
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.startsWith('{'))
        .pop();
    if (line === undefined) {
        // Run Command keeps the last 4,096 bytes: a long line loses its start.
        return {
            unreadable: 'the probe’s JSON line is missing or cut (Run Command keeps only the last 4,096 bytes of output)'
        };
    }
    let parsed;
    try {
        parsed = JSON.parse(line);
    }
    catch {
        return { unreadable: 'the probe’s JSON line is cut or malformed' };
    }
    if (!isProbeOutput(parsed)) {
        const first = isProbeOutput.errors?.[0];
        return {
            // The path is made of the guest's own keys: kept short.
            unreadable: `the probe’s JSON does not match verify/2 (${(0,_markup_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(`${first?.instancePath || '/'} ${first?.message ?? ''}`, 120)})`
        };
    }
    return { facts: normalised(parsed) };
}
function normalised(raw) {
    const list = (v) => Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
    const { firewall } = raw.rdp;
    return {
        ...raw,
        rdp: {
            ...raw.rdp,
            firewall: {
                activeProfiles: list(firewall.activeProfiles),
                enabledProfiles: list(firewall.enabledProfiles)
            }
        }
    };
}


/***/ })

};
