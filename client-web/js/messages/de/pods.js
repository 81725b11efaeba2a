// Deutsche Texte für die pods-Ansichten (Schlüssel 'pods.*'); dieselben Schlüssel wie die englische Datei.
export default {
};
