// Deutsche Texte für die participant-Ansichten (Schlüssel 'participant.*'); dieselben Schlüssel wie die englische Datei.
export default {
};
