// Deutsche Texte für die projector-Ansichten (Schlüssel 'projector.*'); dieselben Schlüssel wie die englische Datei.
export default {
};
