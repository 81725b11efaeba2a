// Deutsche Texte für die report-Ansichten (Schlüssel 'report.*'); dieselben Schlüssel wie die englische Datei.
export default {
};
