// Deutsche Texte für die console-Ansichten (Schlüssel 'console.*'); dieselben Schlüssel wie die englische Datei.
export default {
};
